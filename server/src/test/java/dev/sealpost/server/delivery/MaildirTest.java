package dev.sealpost.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.server.spool.GroupCommitter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirTest {

  @TempDir Path dir;
  private final GroupCommitter committer = new GroupCommitter();

  @AfterEach
  void close() {
    committer.close();
  }

  @Test
  void deliversIntoNewWithDovecotStyleName() throws IOException {
    Path md = dir.resolve("mail/example.org/alice/Maildir");
    byte[] msg = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    Path f = new Maildir(committer, "mx.example.org").deliver(md, new ByteArrayInputStream(msg), msg.length);

    assertThat(f.getParent()).isEqualTo(md.resolve("new"));
    long pid = ProcessHandle.current().pid();
    assertThat(f.getFileName().toString())
        .matches("\\d{10,}\\.M\\d{1,6}P" + pid + "Q\\d+\\.mx\\.example\\.org,S=" + msg.length);
    assertThat(Files.readAllBytes(f)).isEqualTo(msg);
    try (var tmp = Files.list(md.resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
    for (String sub : List.of("tmp", "new", "cur")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(md.resolve(sub)))).isEqualTo("rwx------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
  }

  @Test
  void namesAreUniqueForBackToBackDeliveries() {
    Path md = dir.resolve("Maildir");
    Maildir maildir = new Maildir(committer);
    for (int i = 0; i < 50; i++) {
      maildir.deliver(md, new ByteArrayInputStream(new byte[] {'x'}), 1);
    }
    try (var files = Files.list(md.resolve("new"))) {
      assertThat(files).hasSize(50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void hostnameSeparatorsAreEscaped() {
    assertThat(MaildirName.escape("a/b:c,d")).isEqualTo("a\\057b\\072c\\054d");
    assertThat(new MaildirName("h/x").next()).endsWith(".h\\057x");
  }

  @Test
  void aFailingMessageStreamLeavesNothingBehind() {
    Path md = dir.resolve("Maildir");
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection to spool lost");
      }
    };
    assertThatThrownBy(() -> new Maildir(committer).deliver(md, broken, 10)).isInstanceOf(UncheckedIOException.class);
    assertThat(md.resolve("tmp").toFile().list()).isEmpty();
    assertThat(md.resolve("new").toFile().list()).isEmpty();
  }

  @Test
  void ensureIsIdempotent() {
    Path md = dir.resolve("x/Maildir");
    Maildir.ensure(md);
    Maildir.ensure(md);
    assertThat(md.resolve("cur")).isDirectory();
  }
}
