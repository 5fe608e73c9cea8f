package dev.sealpost.server.netty;

import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * The server's TLS contexts: a default, and others chosen by the name the client asks for in SNI (one
 * server, several names with their own certificates). Read at each handshake, so a reload applies to
 * the next one.
 */
public interface TlsContextSource extends Supplier<SslContext> {

  /** The context for the SNI name {@code serverName} (null when the client sent none): the default unless another fits. */
  SslContext forName(String serverName);

  /** Whether any name has a context of its own; without, no SNI handling is needed. */
  boolean hasAlternatives();
}
