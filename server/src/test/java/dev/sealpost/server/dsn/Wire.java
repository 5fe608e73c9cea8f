package dev.sealpost.server.dsn;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks of the raw octets: CRLF line endings only, no NUL, lines of at most 998 octets. */
final class Wire {

  private Wire() {}

  static void assertWellFormed(byte[] b) {
    int length = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\r') {
        assertThat(i + 1 < b.length && b[i + 1] == '\n').as("CR at %d is followed by LF", i).isTrue();
        i++;
        length = 0;
      } else {
        assertThat(b[i]).as("octet %d", i).isNotIn((byte) '\n', (byte) 0);
        assertThat(++length).as("line length at octet %d", i).isLessThanOrEqualTo(998);
      }
    }
    assertThat(length).as("the message ends with CRLF").isZero();
  }
}
