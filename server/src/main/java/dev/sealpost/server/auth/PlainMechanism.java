package dev.sealpost.server.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * SASL PLAIN (RFC 4616): one message {@code [authzid] NUL authcid NUL passwd}, either as the AUTH
 * command's initial response or after an empty challenge.
 */
final class PlainMechanism implements SaslServerMechanism {

  private static final int MAX_MESSAGE = 3 * SaslCodec.MAX_FIELD_OCTETS + 2;

  private boolean started;
  private boolean finished;

  @Override
  public SaslStep start(Optional<String> initialResponse) {
    if (started) {
      return finish(new SaslStep.Malformed("exchange already started"));
    }
    started = true;
    if (initialResponse.isEmpty()) {
      return new SaslStep.Challenge(""); // RFC 4616 §2: the server's first challenge is empty
    }
    String ir = initialResponse.get();
    return respond(ir.equals("=") ? "" : ir);
  }

  @Override
  public SaslStep next(String clientLine) {
    if (!started || finished) {
      return finish(new SaslStep.Malformed("no response expected"));
    }
    if (clientLine.equals("*")) {
      return finish(new SaslStep.Aborted());
    }
    return respond(clientLine);
  }

  private SaslStep respond(String base64) {
    byte[] message = null;
    try {
      message = SaslCodec.decode(base64, MAX_MESSAGE);
      return finish(new SaslStep.Done(parse(message)));
    } catch (IllegalArgumentException e) {
      return finish(new SaslStep.Malformed("PLAIN: " + e.getMessage()));
    } finally {
      if (message != null) {
        Arrays.fill(message, (byte) 0);
      }
    }
  }

  private static Credentials parse(byte[] m) {
    int first = indexOfNul(m, 0);
    int second = first < 0 ? -1 : indexOfNul(m, first + 1);
    if (second < 0 || indexOfNul(m, second + 1) >= 0) {
      throw new IllegalArgumentException("expected exactly two NUL separators");
    }
    if (first > SaslCodec.MAX_FIELD_OCTETS || second - first - 1 > SaslCodec.MAX_FIELD_OCTETS
        || m.length - second - 1 > SaslCodec.MAX_FIELD_OCTETS) {
      throw new IllegalArgumentException("field longer than " + SaslCodec.MAX_FIELD_OCTETS + " octets");
    }
    if (second == first + 1) {
      throw new IllegalArgumentException("empty authentication identity");
    }
    if (second == m.length - 1) {
      throw new IllegalArgumentException("empty password");
    }
    String authzid = SaslCodec.utf8String(m, 0, first);
    String authcid = SaslCodec.utf8String(m, first + 1, second);
    return new Credentials(authzid, authcid, SaslCodec.utf8Chars(m, second + 1, m.length));
  }

  private static int indexOfNul(byte[] m, int from) {
    for (int i = from; i < m.length; i++) {
      if (m[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private SaslStep finish(SaslStep step) {
    finished = true;
    return step;
  }
}
