package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;

/**
 * TLS could not be established as the security mode requires. {@link #reason()} says why; nothing of the
 * envelope, the message or the credentials was sent when this is thrown.
 */
public final class TlsException extends SmtpClientException {

  /** Why TLS failed. The certificate reasons come from the client's own checks, in this order of priority. */
  public enum Reason {
    /** The server certificate's notAfter is in the past. */
    EXPIRED,
    /** The server certificate's notBefore is in the future. */
    NOT_YET_VALID,
    /** The server presented a self-signed certificate that is not a trusted CA or pinned. */
    SELF_SIGNED,
    /** The chain does not lead to a trusted CA. */
    UNTRUSTED_CHAIN,
    /** Pins were configured and the certificate matches none of them. */
    PIN_MISMATCH,
    /** The certificate names (RFC 6125 DNS-IDs) do not include the host. */
    WRONG_HOST,
    /** STARTTLS was required but not in the EHLO reply (a STRIPTLS attack or a misconfigured server). */
    STARTTLS_NOT_OFFERED,
    /** The server answered STARTTLS with something other than 220. */
    STARTTLS_REFUSED,
    /** The handshake failed for another reason: no common version or cipher suite, garbage, reset. */
    HANDSHAKE_FAILED,
    /**
     * DANE (RFC 7672): no usable TLSA record matches the chain, or a DANE-TA match came with an invalid
     * path or a leaf for another name.
     */
    DANE_MISMATCH
  }

  private final Reason reason;

  TlsException(Reason reason, String message, SmtpReply reply, Throwable cause) {
    super(message, reply, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /**
   * Certificate problems are not fixed by waiting. A missing or refused STARTTLS and a failed handshake
   * may be: they are what a man in the middle produces, and mail that must go encrypted waits for him
   * to leave (as Postfix defers it) rather than bouncing on his word. A DANE mismatch is transient too:
   * RFC 7672 §2.2 has the message stay queued (never sent in clear text, never bounced at once), since
   * the TLSA records or the certificate may be mid-rollover, or the DNS answer may change.
   */
  @Override
  public boolean isTransient() {
    return switch (reason) {
      case STARTTLS_NOT_OFFERED, STARTTLS_REFUSED, HANDSHAKE_FAILED, DANE_MISMATCH -> true;
      case EXPIRED, NOT_YET_VALID, SELF_SIGNED, UNTRUSTED_CHAIN, PIN_MISMATCH, WRONG_HOST -> false;
    };
  }
}
