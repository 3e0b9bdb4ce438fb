import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Who may talk to the server (docs/protocol.md §7, README "Security"). The browser the user
 * browses with can reach a server on 127.0.0.1, so every web page is a potential client. The
 * server answers programs (no `Origin`), the extension (`chrome-extension://`,
 * `moz-extension://`) and its own pages (same origin), and only under a `Host` name that
 * cannot be an attacker's DNS name pointed at us (DNS rebinding).
 */

/** Origins of browser extensions: the receiving clients. */
const EXTENSION_ORIGIN =
  /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9._-]+$/;

/** True for an extension origin such as `chrome-extension://abcdef…`. */
export const isExtensionOrigin = (origin: string): boolean => EXTENSION_ORIGIN.test(origin);

/** Who sent a request, as far as the `Origin` header tells. */
export type OriginKind = 'none' | 'extension' | 'same-origin' | 'web';

/** Splits a Host header into a lower-case host name (IPv6 without brackets) and its port. */
export function splitHost(hostHeader: string): { name: string; port: string } | null {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(hostHeader.trim());
  if (!match?.[1]) return null;
  return { name: match[1].replace(/^\[|\]$/g, '').toLowerCase(), port: match[2] ?? '' };
}

/** Loopback names and addresses: no DNS answer from an attacker can make these. */
export function isLoopbackName(name: string): boolean {
  const host = name
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host);
  return false;
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** What the policy needs to know about the server. */
export interface PolicyOptions {
  /** The listen address (`--host`). */
  host: string;
  /** `--public-url`, when set: its host name is accepted too. */
  publicUrl?: string;
  /** This machine's addresses; default `os.networkInterfaces()`. Used for wildcard listens. */
  localAddresses?: () => string[];
}

/** The request policy of one server. */
export interface RequestPolicy {
  /** Why this Host header is refused, or null when it may be served. */
  hostProblem(hostHeader: string | undefined): string | null;
  /** How the `Origin` header relates to this server. */
  originKind(origin: string | undefined, hostHeader: string | undefined): OriginKind;
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info ? [info.address.toLowerCase()] : []));
}

/** Builds the Host and Origin rules for a server listening on `options.host`. */
export function createRequestPolicy(options: PolicyOptions): RequestPolicy {
  const listen = options.host.toLowerCase().replace(/^\[|\]$/g, '');
  const publicUrl = options.publicUrl ? new URL(options.publicUrl) : null;
  const named = new Set<string>();
  if (!WILDCARD.has(listen) && !isLoopbackName(listen)) named.add(listen);
  if (publicUrl) named.add(publicUrl.hostname.toLowerCase().replace(/^\[|\]$/g, ''));
  // Listening on every interface: the machine's own addresses name it as well. An IP literal
  // needs no DNS, so it cannot be rebound.
  const local = WILDCARD.has(listen) ? (options.localAddresses ?? interfaceAddresses) : () => [];

  const accepted = (name: string) =>
    isLoopbackName(name) || named.has(name) || local().includes(name);

  return {
    hostProblem(hostHeader) {
      if (!hostHeader) return 'the request has no Host header';
      const host = splitHost(hostHeader);
      if (!host) return `the Host header "${hostHeader.slice(0, 100)}" is not a host name`;
      if (accepted(host.name)) return null;
      return (
        `the Host "${host.name}" is not this server's name: it answers to localhost, ` +
        `127.0.0.1, [::1]${named.size ? `, ${[...named].join(', ')}` : ''} only ` +
        '(start it with --public-url to add a name)'
      );
    },
    originKind(origin, hostHeader) {
      if (origin === undefined) return 'none';
      if (isExtensionOrigin(origin)) return 'extension';
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return 'web'; // "null" and anything unparsable: sandboxed frames, data: pages…
      }
      if (publicUrl && url.origin === publicUrl.origin) return 'same-origin';
      if (hostHeader && url.protocol === 'http:' && url.host === hostHeader.toLowerCase()) {
        return 'same-origin';
      }
      return 'web';
    },
  };
}
