import QRCode from 'qrcode';

/**
 * A PNG QR code of `text`. Served at `/api/qrcode/{code}.jpg` because that is the path the
 * clients know; the bytes are PNG and the Content-Type says so (browsers sniff images anyway).
 */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', width: 320, margin: 2, errorCorrectionLevel: 'M' });
}
