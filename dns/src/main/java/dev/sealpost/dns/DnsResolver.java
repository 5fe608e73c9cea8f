package dev.sealpost.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;

/**
 * Asynchronous DNS lookups for mail: delivery (MX, A/AAAA, TLSA for DANE, TXT for MTA-STS),
 * SPF, DKIM and DMARC (TXT, A, AAAA, MX, PTR). The one implementation is {@link DnsjavaResolver}.
 *
 * <p>Contract for every method:
 * <ul>
 *   <li>Names are absolute domain names in ASCII (A-labels for IDNs), with or without the trailing
 *       dot; no search list is ever applied. A name that is not a valid domain name throws
 *       {@link IllegalArgumentException} at once, naming it.
 *   <li>The returned stage never completes exceptionally: DNS and network failures are a
 *       {@link DnsResult.TemporaryFailure}. It completes within the resolver's configured bound
 *       (timeout × attempts × servers), however slow or silent the servers are.
 *   <li>CNAMEs are followed (at most {@value ResponseReader#MAX_CNAME_HOPS} links); results are
 *       those of the end of the chain, with the smallest TTL and the AD bit only if every step had it.
 *   <li>Answers are cached for their TTL, negative ones for the SOA minimum (RFC 2308 §5). A stage
 *       for a cached answer is already complete; others complete on a dnsjava or common-pool thread,
 *       so callers on an event loop must not block in dependent stages.
 *   <li>Host names in results are lower case, without the trailing dot.
 * </ul>
 */
public interface DnsResolver {

  /** MX records of {@code domain}, unordered; see {@link MxRoute#of} for delivery order and null MX. */
  CompletionStage<DnsResult<MxRecord>> mx(String domain);

  /**
   * TXT records at {@code name}, each record's character-strings joined without separator (RFC 7208
   * §3.3, RFC 6376 §3.6.2.2) and decoded as UTF-8.
   */
  CompletionStage<DnsResult<String>> txt(String name);

  /** IPv4 addresses of {@code host} (A records). */
  CompletionStage<DnsResult<InetAddress>> a(String host);

  /** IPv6 addresses of {@code host} (AAAA records). */
  CompletionStage<DnsResult<InetAddress>> aaaa(String host);

  /** Host names for {@code address}, from PTR records under in-addr.arpa or ip6.arpa. */
  CompletionStage<DnsResult<String>> ptr(InetAddress address);

  /**
   * TLSA records at {@code name}, such as {@link TlsaRecord#ownerName TlsaRecord.ownerName(25, mx)}.
   * DANE uses them only when the result is {@linkplain DnsResult#authenticated() authenticated}.
   */
  CompletionStage<DnsResult<TlsaRecord>> tlsa(String name);

  /**
   * The CNAME target of {@code name}, one link, not followed: {@link DnsResult.NoData} when the name is
   * not an alias. For RFC 7672 §2.2.2, which needs to know whether and how securely an MX host name is
   * an alias.
   */
  CompletionStage<DnsResult<String>> cname(String name);
}
