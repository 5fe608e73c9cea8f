package dev.sealpost.server.netty;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the server needs from a ClientHello to pick a certificate: the name asked for (SNI, RFC 6066 §3)
 * and whether the client can verify an ECDSA signature, from its signature algorithms (RFC 8446
 * §4.2.3) and, for TLS 1.2, its cipher suites (an ECDHE_ECDSA suite). A malformed hello gives the
 * defaults (no name, ECDSA), and the TLS engine then deals with it.
 *
 * @param serverName the SNI host name in lower case, or null
 * @param ecdsa whether an ECDSA certificate can be served
 */
record ClientHello(String serverName, boolean ecdsa) {
  static final ClientHello UNKNOWN = new ClientHello(null, true);

  private static final int EXT_SERVER_NAME = 0;
  private static final int EXT_SIGNATURE_ALGORITHMS = 13;
  private static final int EXT_SUPPORTED_VERSIONS = 43;

  /**
   * Parses a ClientHello body (from client_version on, as Netty's SslClientHelloHandler hands it over).
   *
   * @param tls13 whether the server would negotiate TLS 1.3 with a client offering it
   */
  static ClientHello parse(ByteBuf body, boolean tls13) {
    if (body == null) {
      return UNKNOWN;
    }
    try {
      int i = body.readerIndex();
      int end = body.writerIndex();
      i += 34; // client_version, random
      i += 1 + body.getUnsignedByte(i); // legacy_session_id
      int suitesLength = body.getUnsignedShort(i);
      boolean ecdsaSuite = false;
      for (int s = i + 2; s < i + 2 + suitesLength; s += 2) {
        ecdsaSuite |= isEcdsaSuite(body.getUnsignedShort(s));
      }
      i += 2 + suitesLength;
      i += 1 + body.getUnsignedByte(i); // compression methods
      if (i + 2 > end) {
        return new ClientHello(null, ecdsaSuite);
      }
      int extensionsEnd = Math.min(end, i + 2 + body.getUnsignedShort(i));
      i += 2;
      String name = null;
      Boolean ecdsaSignature = null; // absent extension: TLS 1.2 defaults (RFC 5246 §7.4.1.4.1)
      boolean offers13 = false;
      while (i + 4 <= extensionsEnd) {
        int type = body.getUnsignedShort(i);
        int length = body.getUnsignedShort(i + 2);
        int data = i + 4;
        if (data + length > extensionsEnd) {
          break;
        }
        switch (type) {
          case EXT_SERVER_NAME -> name = serverName(body, data, length);
          case EXT_SIGNATURE_ALGORITHMS -> ecdsaSignature = hasEcdsaScheme(body, data, length);
          case EXT_SUPPORTED_VERSIONS -> offers13 = offersTls13(body, data, length);
          default -> { }
        }
        i = data + length;
      }
      boolean signs = ecdsaSignature == null || ecdsaSignature;
      boolean ecdsa = offers13 && tls13 ? Boolean.TRUE.equals(ecdsaSignature) : signs && ecdsaSuite;
      return new ClientHello(name, ecdsa);
    } catch (IndexOutOfBoundsException malformed) {
      return UNKNOWN;
    }
  }

  /** ECDHE_ECDSA suites (RFC 8422 and RFC 7905 numbering). */
  private static boolean isEcdsaSuite(int suite) {
    return switch (suite) {
      case 0xC02B, 0xC02C, 0xCCA9, 0xC009, 0xC00A, 0xC023, 0xC024 -> true;
      default -> false;
    };
  }

  private static String serverName(ByteBuf b, int data, int length) {
    int listEnd = data + 2 + b.getUnsignedShort(data);
    for (int j = data + 2; j + 3 <= Math.min(listEnd, data + length); ) {
      int nameType = b.getUnsignedByte(j);
      int nameLength = b.getUnsignedShort(j + 1);
      if (nameType == 0) {
        return b.toString(j + 3, nameLength, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
      }
      j += 3 + nameLength;
    }
    return null;
  }

  /** ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, ecdsa_secp521r1_sha512 (and the TLS 1.2 SHA-1 one). */
  private static boolean hasEcdsaScheme(ByteBuf b, int data, int length) {
    int listLength = b.getUnsignedShort(data);
    for (int j = data + 2; j + 2 <= Math.min(data + 2 + listLength, data + length); j += 2) {
      int scheme = b.getUnsignedShort(j);
      if (scheme == 0x0403 || scheme == 0x0503 || scheme == 0x0603 || scheme == 0x0203) {
        return true;
      }
    }
    return false;
  }

  private static boolean offersTls13(ByteBuf b, int data, int length) {
    int listLength = b.getUnsignedByte(data);
    for (int j = data + 1; j + 2 <= Math.min(data + 1 + listLength, data + length); j += 2) {
      if (b.getUnsignedShort(j) == 0x0304) {
        return true;
      }
    }
    return false;
  }
}
