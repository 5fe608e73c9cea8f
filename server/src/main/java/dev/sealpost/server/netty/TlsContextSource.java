package dev.sealpost.server.netty;

import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * The server's TLS contexts: a default, and others chosen by the name the client asks for in SNI (one
 * server, several names with their own certificates). Read at each handshake, so a reload applies to
 * the next one.
 */
public interface TlsContextSource extends Supplier<SslContext> {

  /**
   * The context for a client that asked for {@code serverName} (null: no SNI) and can ({@code ecdsa}) or
   * cannot verify ECDSA signatures: the default's unless another name fits.
   */
  SslContext select(String serverName, boolean ecdsa);

  /**
   * Whether the ClientHello matters: some names have certificates of their own, or some name has both
   * an ECDSA and an RSA one. Without, every handshake gets {@link #get()}.
   */
  boolean needsClientHello();

  /** Whether TLS 1.3 is enabled (it decides how a ClientHello's ECDSA support is read). */
  default boolean tls13() {
    return true;
  }

  /**
   * Told of every server handshake's end, on the event loop (so: quick, no blocking). A failure's cause
   * says whether the client refused the certificate.
   */
  default void handshakeOutcome(boolean success, Throwable cause) {}
}
