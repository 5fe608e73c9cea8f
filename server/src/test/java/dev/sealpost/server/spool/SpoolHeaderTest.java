package dev.sealpost.server.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolHeaderTest {

  @TempDir Path dir;

  @Test
  void envelopeWithEveryOptionalRoundTrips() {
    Envelope e = TestEnvelopes.full();
    assertThat(EnvelopeJson.read(EnvelopeJson.write(e))).isEqualTo(e);
  }

  @Test
  void envelopeWithNoOptionalsRoundTrips() {
    Envelope e = TestEnvelopes.simple(TestEnvelopes.local("a@example.org"));
    assertThat(e.ret()).isEmpty();
    assertThat(EnvelopeJson.read(EnvelopeJson.write(e))).isEqualTo(e);
  }

  @Test
  void nullReversePathRoundTrips() {
    Envelope s = TestEnvelopes.simple(TestEnvelopes.remote("x@example.net"));
    Envelope e = new Envelope(s.queueId(), s.receivedAt(), "", s.recipients(), s.ret(), s.envId(), false, "BINARYMIME",
        false, s.authenticatedUser(), s.clientAddress(), s.heloName(), s.tls(), s.listener());
    Envelope back = EnvelopeJson.read(EnvelopeJson.write(e));
    assertThat(back).isEqualTo(e);
    assertThat(back.nullReversePath()).isTrue();
  }

  @Test
  void utf8IsStoredAsUtf8() {
    String json = new String(EnvelopeJson.write(TestEnvelopes.full()), StandardCharsets.UTF_8);
    assertThat(json).contains("\"jösé@exämple.org\"").contains("用户@例子.广告");
  }

  @Test
  void absentAndNullOptionalsReadAsEmpty() {
    String json = new String(EnvelopeJson.write(TestEnvelopes.simple(TestEnvelopes.local("a@b.c"))),
        StandardCharsets.UTF_8).replace("\"listener\"", "\"tls\":null,\"listener\"");
    assertThat(EnvelopeJson.read(json.getBytes(StandardCharsets.UTF_8)).tls()).isEqualTo(Optional.empty());
  }

  @Test
  void fileHeaderRoundTripsAndBodyFollows() throws IOException {
    Envelope e = TestEnvelopes.full();
    byte[] body = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    Path f = write(SpoolFormat.header(EnvelopeJson.write(e)), body);
    SpooledMessage m = SpoolReader.open(f);
    assertThat(m.envelope()).isEqualTo(e);
    assertThat(m.bodySize()).isEqualTo(body.length);
    assertThat(Files.readString(f)).startsWith("SEALPOST-SPOOL 1\n");
    try (var in = m.body()) {
      assertThat(in.readAllBytes()).isEqualTo(body);
    }
  }

  @Test
  void corruptHeadersAreRefused() throws IOException {
    byte[] json = EnvelopeJson.write(TestEnvelopes.simple(TestEnvelopes.local("a@b.c")));
    String good = new String(json, StandardCharsets.UTF_8);
    List<byte[]> bad = List.of(
        new byte[0],
        "SEALPOST-SPOOL 2\n2\n{}".getBytes(StandardCharsets.US_ASCII),
        "SEALPOST-SPOOL 1\n".getBytes(StandardCharsets.US_ASCII),
        "SEALPOST-SPOOL 1\n\n{}".getBytes(StandardCharsets.US_ASCII),
        "SEALPOST-SPOOL 1\n-2\n{}".getBytes(StandardCharsets.US_ASCII),
        "SEALPOST-SPOOL 1\n99999999\n{}".getBytes(StandardCharsets.US_ASCII),
        "SEALPOST-SPOOL 1\n1048577\n{}".getBytes(StandardCharsets.US_ASCII),
        "SEALPOST-SPOOL 1\n100\n{}".getBytes(StandardCharsets.US_ASCII),
        "SEALPOST-SPOOL 1\n2\n[]".getBytes(StandardCharsets.US_ASCII),
        "SEALPOST-SPOOL 1\n4\nnull".getBytes(StandardCharsets.US_ASCII),
        SpoolFormat.header(good.replace("\"7BIT\"", "\"9BIT\"").getBytes(StandardCharsets.UTF_8)),
        SpoolFormat.header(good.replace("\"smtpUtf8\":false", "\"smtpUtf8\":\"no\"").getBytes(StandardCharsets.UTF_8)),
        SpoolFormat.header(good.replace("\"queueId\"", "\"queueID\"").getBytes(StandardCharsets.UTF_8)),
        SpoolFormat.header((good + "{}").getBytes(StandardCharsets.UTF_8)),
        SpoolFormat.header(good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8)));
    for (byte[] b : bad) {
      Path f = write(b, new byte[0]);
      assertThatThrownBy(() -> SpoolReader.open(f)).as(new String(b, StandardCharsets.UTF_8))
          .isInstanceOf(SpoolCorruptException.class).hasMessageContaining(f.toString());
    }
  }

  @Test
  void missingFileIsAnIoErrorNotCorruption() {
    assertThatThrownBy(() -> SpoolReader.open(dir.resolve("nope")))
        .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void oversizedEnvelopeIsRefusedWhenWriting() {
    assertThatThrownBy(() -> SpoolFormat.header(new byte[SpoolFormat.MAX_HEADER_JSON + 1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
  }

  private int n;

  private Path write(byte[] header, byte[] body) throws IOException {
    Path f = dir.resolve("f" + n++);
    Files.write(f, header);
    Files.write(f, body, java.nio.file.StandardOpenOption.APPEND);
    return f;
  }
}
