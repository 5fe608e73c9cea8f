package dev.sealpost.server.smtp;

import dev.sealpost.protocol.ChunkFramer;
import dev.sealpost.protocol.DataFramer;
import dev.sealpost.server.auth.SaslServerMechanism;

/** How the transport must frame the next bytes from the client. */
public sealed interface InputMode {

  /** CRLF-terminated command lines. */
  record Commands() implements InputMode {}

  /** Message content after DATA, up to CRLF.CRLF. */
  record Data(DataFramer framer) implements InputMode {}

  /** The octets of one BDAT chunk. */
  record Chunk(ChunkFramer framer, boolean last) implements InputMode {}

  /** Client responses of a SASL exchange (RFC 4954 §4). */
  record Sasl(SaslServerMechanism mechanism) implements InputMode {}

  InputMode COMMANDS = new Commands();
}
