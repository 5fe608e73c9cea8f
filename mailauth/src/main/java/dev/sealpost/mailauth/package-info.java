/**
 * Message authentication for the server's trust stack: SPF (RFC 7208), DKIM signing and verification
 * (RFC 6376, RFC 8463), DMARC (RFC 7489) and the Authentication-Results header (RFC 8601). No sockets of
 * its own: DNS goes through {@link dev.sealpost.dns.DnsResolver}, so tests feed it zones and the server
 * shares its cache.
 */
package dev.sealpost.mailauth;
