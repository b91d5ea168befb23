import { promises as dns } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { Logger } from '../../core/logger';

/** Looks a host name up: its addresses (IPv4 and IPv6). */
export type ResolveHost = (host: string) => Promise<string[]>;

export const systemResolveHost: ResolveHost = async (host) =>
  (await dns.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** At most this many addresses are taken from one name (a bound on what a DNS answer can open). */
export const MAX_ADDRESSES_PER_HOST = 16;
/** A lookup that takes longer than this counts as failed. */
export const HOST_LOOKUP_TIMEOUT_MS = 5_000;

/**
 * The trunk's addresses as one lookup: CIDRs or single addresses (IPv4 or IPv6), and host names, which are
 * resolved at start and every `refreshMs` after. A name's addresses are replaced by each lookup that answers (an
 * address the name no longer has stops being allowed); a lookup that fails or times out changes nothing and is
 * logged, so a failing DNS never widens (nor empties) the list.
 */
export class AllowList {
  private readonly fixed = new BlockList();
  readonly hostNames: readonly string[];
  private readonly byHost = new Map<string, BlockList>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    entries: string[],
    private readonly resolveHost: ResolveHost = systemResolveHost,
    private readonly logger?: Logger,
  ) {
    const hostNames: string[] = [];
    for (const entry of entries) {
      const [address = '', bits] = entry.trim().split('/');
      if (isIP(address) === 0) {
        if (bits !== undefined || !/^[A-Za-z0-9.-]+$/.test(address) || /^[\d.]+$/.test(address))
          throw new Error(`SIP allowFrom: "${entry}" is not an address, CIDR or host name`);
        if (!hostNames.includes(address.toLowerCase())) hostNames.push(address.toLowerCase());
        continue;
      }
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.fixed.addAddress(address, family);
      else this.fixed.addSubnet(address, Number(bits), family);
    }
    this.hostNames = hostNames;
  }

  /** Resolves the host names now (waits for every lookup), then again every `refreshMs` until stop(). */
  async start(refreshMs: number): Promise<void> {
    if (this.hostNames.length === 0) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Looks every host name up once (a name whose previous lookup is still running is left to it). */
  async refresh(): Promise<void> {
    await Promise.all(this.hostNames.filter((host) => !this.pending.has(host)).map((host) => this.refreshHost(host)));
  }

  /** The addresses a host name stands for now (for the log and tests). */
  addressesOf(host: string): string[] {
    return (this.byHost.get(host.toLowerCase())?.rules ?? []).map((rule) => rule.replace(/^Address: IPv[46] /, ''));
  }

  allows(address: string): boolean {
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(plain);
    if (family === 0) return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (this.fixed.check(plain, type)) return true;
    for (const list of this.byHost.values()) if (list.check(plain, type)) return true;
    return false;
  }

  private async refreshHost(host: string): Promise<void> {
    this.pending.add(host);
    let timeout: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        this.resolveHost(host),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`no answer within ${HOST_LOOKUP_TIMEOUT_MS} ms`)), HOST_LOOKUP_TIMEOUT_MS);
        }),
      ]);
      const addresses = [...new Set(answer.filter((a) => isIP(a) !== 0))].slice(0, MAX_ADDRESSES_PER_HOST);
      if (addresses.length === 0) throw new Error('the name has no addresses');
      const list = new BlockList();
      for (const address of addresses) list.addAddress(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
      const before = this.addressesOf(host).sort().join(',');
      this.byHost.set(host, list);
      if (before !== [...addresses].sort().join(','))
        this.logger?.info({ host, addresses }, 'sip: allowFrom host name resolved (these addresses may send requests)');
    } catch (error) {
      this.logger?.warn(
        { host, err: error, kept: this.addressesOf(host) },
        'sip: could not resolve an allowFrom host name; its last known addresses stay (none if it never resolved)',
      );
    } finally {
      clearTimeout(timeout);
      this.pending.delete(host);
    }
  }
}
