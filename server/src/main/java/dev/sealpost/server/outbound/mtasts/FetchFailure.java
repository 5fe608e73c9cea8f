package dev.sealpost.server.outbound.mtasts;

import dev.sealpost.server.outbound.tlsrpt.ResultType;
import java.util.Objects;

/**
 * Why a policy could not be had over HTTPS (RFC 8461 §3.3).
 *
 * @param kind what went wrong, for decisions and TLS-RPT
 * @param detail for logs, naming the host and what was seen
 */
public record FetchFailure(Kind kind, String detail) {

  public FetchFailure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /** The kinds of failure a fetcher tells apart. */
  public enum Kind {
    /** mta-sts.DOMAIN has no address, or the lookup failed. */
    DNS,
    /** No address accepted a connection. */
    CONNECT,
    /** The connect or total time limit ran out. */
    TIMEOUT,
    /** The certificate is not trusted (PKIX), expired, or not for mta-sts.DOMAIN (RFC 6125). */
    CERTIFICATE,
    /** The TLS handshake failed for another reason. */
    TLS,
    /** A 3xx answer: redirects are not followed (RFC 8461 §3.3). */
    REDIRECT,
    /** Any status other than 200 and 3xx. */
    HTTP_STATUS,
    /** Content-Type is not text/plain (RFC 8461 §3.2). */
    CONTENT_TYPE,
    /** The body exceeds the size limit. */
    TOO_LARGE,
    /** Not an HTTP/1.x answer we understand (bad status line, headers, chunking). */
    HTTP_PROTOCOL,
    /** The body is not a valid policy (RFC 8461 §3.2). */
    INVALID_POLICY
  }

  /** How TLS-RPT reports this failure (RFC 8460 §4.3.2). */
  public ResultType resultType() {
    return switch (kind) {
      case CERTIFICATE -> ResultType.STS_WEBPKI_INVALID;
      case INVALID_POLICY -> ResultType.STS_POLICY_INVALID;
      case DNS, CONNECT, TIMEOUT, TLS, REDIRECT, HTTP_STATUS, CONTENT_TYPE, TOO_LARGE, HTTP_PROTOCOL ->
          ResultType.STS_POLICY_FETCH_ERROR;
    };
  }
}
