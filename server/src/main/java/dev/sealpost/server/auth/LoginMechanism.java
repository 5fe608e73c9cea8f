package dev.sealpost.server.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * The LOGIN mechanism (draft-murchison-sasl-login, never an RFC, still used by Outlook and many
 * devices): the server asks "Username:" then "Password:", each answered with one base64 line. An
 * initial response, if given, is the username.
 */
final class LoginMechanism implements SaslServerMechanism {

  static final String USERNAME = SaslCodec.encode("Username:");
  static final String PASSWORD = SaslCodec.encode("Password:");

  private enum State { NEW, AWAIT_USERNAME, AWAIT_PASSWORD, FINISHED }

  private State state = State.NEW;
  private String username = "";

  @Override
  public SaslStep start(Optional<String> initialResponse) {
    if (state != State.NEW) {
      return finish(new SaslStep.Malformed("exchange already started"));
    }
    if (initialResponse.isEmpty()) {
      state = State.AWAIT_USERNAME;
      return new SaslStep.Challenge(USERNAME);
    }
    String ir = initialResponse.get();
    return username(ir.equals("=") ? "" : ir);
  }

  @Override
  public SaslStep next(String clientLine) {
    if (state == State.NEW || state == State.FINISHED) {
      return finish(new SaslStep.Malformed("no response expected"));
    }
    if (clientLine.equals("*")) {
      return finish(new SaslStep.Aborted());
    }
    return state == State.AWAIT_USERNAME ? username(clientLine) : password(clientLine);
  }

  private SaslStep username(String base64) {
    try {
      byte[] bytes = field(base64, "username");
      username = SaslCodec.utf8String(bytes, 0, bytes.length);
      state = State.AWAIT_PASSWORD;
      return new SaslStep.Challenge(PASSWORD);
    } catch (IllegalArgumentException e) {
      return finish(new SaslStep.Malformed("LOGIN: " + e.getMessage()));
    }
  }

  private SaslStep password(String base64) {
    byte[] bytes = null;
    try {
      bytes = field(base64, "password");
      return finish(new SaslStep.Done(new Credentials("", username, SaslCodec.utf8Chars(bytes, 0, bytes.length))));
    } catch (IllegalArgumentException e) {
      return finish(new SaslStep.Malformed("LOGIN: " + e.getMessage()));
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  private static byte[] field(String base64, String what) {
    byte[] bytes = SaslCodec.decode(base64, SaslCodec.MAX_FIELD_OCTETS);
    if (bytes.length == 0) {
      throw new IllegalArgumentException("empty " + what);
    }
    for (byte b : bytes) {
      if (b == 0) {
        Arrays.fill(bytes, (byte) 0);
        throw new IllegalArgumentException("NUL in " + what);
      }
    }
    return bytes;
  }

  private SaslStep finish(SaslStep step) {
    state = State.FINISHED;
    return step;
  }
}
