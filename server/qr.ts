import jpeg from 'jpeg-js';
import QRCode from 'qrcode';

const OPTIONS = { margin: 2, errorCorrectionLevel: 'M' } as const;
/** Width of the image in pixels, as the clients show it. */
const WIDTH = 320;

/** A PNG QR code of `text` (`/api/qrcode/{code}.png`). */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: WIDTH });
}

/**
 * A JPEG QR code of `text` (`/api/qrcode/{code}.jpg`, the path the official clients use): the
 * same modules as the PNG, each a square of whole pixels, encoded at high quality so the edges
 * stay sharp enough to scan.
 */
export function qrJpeg(text: string): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: OPTIONS.errorCorrectionLevel });
  const modules = qr.modules.size;
  const total = modules + OPTIONS.margin * 2;
  const scale = Math.max(1, Math.floor(WIDTH / total));
  const side = total * scale;
  const data = Buffer.alloc(side * side * 4, 0xff);
  for (let y = 0; y < side; y++) {
    const my = Math.floor(y / scale) - OPTIONS.margin;
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - OPTIONS.margin;
      const dark =
        mx >= 0 && my >= 0 && mx < modules && my < modules && Boolean(qr.modules.get(my, mx));
      if (dark) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return jpeg.encode({ data, width: side, height: side }, 95).data;
}
