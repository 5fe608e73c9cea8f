package dev.sealpost.cli.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderBlockTest {

  private static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void recipientsFromToCcBccWithFoldingAndGroups() throws Exception {
    InputStream in = in("From: App <app@example.test>\r\nTo: A <a@example.test>,\r\n b@example.test\r\n"
        + "Cc: team: c@example.test, d@example.test;\r\nBcc: secret@example.test\r\nSubject: hi\r\n\r\nbody\r\n");
    HeaderBlock h = HeaderBlock.read(in);
    assertThat(h.recipients()).containsExactly("a@example.test", "b@example.test", "c@example.test",
        "d@example.test", "secret@example.test");
    assertThat(h.fromAddress()).isEqualTo("app@example.test");
    // The body is left in the stream.
    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("body\r\n");
  }

  @Test
  void bccIsRemovedWithItsContinuationLines() throws Exception {
    HeaderBlock h = HeaderBlock.read(in("To: a@example.test\nBcc: x@example.test,\n y@example.test\nSubject: s\n\n"));
    String out = new String(h.withoutBcc(List.of("X-Extra: 1")), StandardCharsets.ISO_8859_1);
    assertThat(out).isEqualTo("X-Extra: 1\r\nTo: a@example.test\nSubject: s\n\r\n");
    assertThat(out).doesNotContain("x@example.test").doesNotContain("y@example.test");
  }

  @Test
  void utf8HeadersSurviveByteForByte() throws Exception {
    String raw = "To: Jörg <jörg@bücher.example>\r\nSubject: Grüße\r\n\r\n";
    HeaderBlock h = HeaderBlock.read(in(raw));
    assertThat(h.recipients()).containsExactly("jörg@bücher.example");
    assertThat(h.withoutBcc(List.of())).isEqualTo(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aMessageWithoutBodyIsAllHeaders() throws Exception {
    HeaderBlock h = HeaderBlock.read(in("To: a@example.test\nSubject: no body"));
    assertThat(h.recipients()).containsExactly("a@example.test");
    assertThat(h.has("subject")).isTrue();
  }

  @Test
  void headerSectionIsBounded() {
    byte[] huge = ("X-Big: " + "a".repeat(HeaderBlock.MAX_BYTES) + "\n\n").getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> HeaderBlock.read(new ByteArrayInputStream(huge))).isInstanceOf(IOException.class)
        .hasMessageContaining("larger than");
  }
}
