package dev.sealpost.client;

import dev.sealpost.tls.TlsPolicy;
import java.util.List;

/** The lowest TLS version the client accepts. There is nothing below 1.2 (RFC 8996). */
public enum TlsVersion {
  TLS_1_2,
  TLS_1_3;

  /** JSSE protocol names enabled for this minimum. */
  List<String> enabledProtocols() {
    return this == TLS_1_3 ? List.of(TlsPolicy.TLS_1_3) : List.of(TlsPolicy.TLS_1_3, TlsPolicy.TLS_1_2);
  }
}
