package dev.sealpost.server.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolRecoveryTest {

  @TempDir Path dir;
  private GroupCommitter committer;
  private Spool spool;

  @BeforeEach
  void open() {
    committer = new GroupCommitter();
    spool = Spool.open(dir, committer);
  }

  @AfterEach
  void close() {
    committer.close();
  }

  @Test
  void deletesTmpQuarantinesCorruptAndKeepsGoodFiles() throws IOException {
    String first = commit();
    String second = commit();
    SpoolWriter unfinished = spool.begin(TestEnvelopes.simple(TestEnvelopes.local("a@example.org")));
    unfinished.write(new byte[5000], 0, 5000); // as if the server crashed mid-DATA
    Files.writeString(dir.resolve("tmp").resolve("stray"), "x");
    String corrupt = QueueIds.next();
    Files.writeString(dir.resolve("incoming").resolve(corrupt), "SEALPOST-SPOOL 1\n12\n{\"truncat");
    Files.writeString(dir.resolve("incoming").resolve("editor-backup~"), "junk");
    String renamed = QueueIds.next(); // a good file under another message's name
    Files.copy(spool.incomingFile(first), dir.resolve("incoming").resolve(renamed));
    String out = commit();
    spool.moveToOutbound(out);

    SpoolRecovery.Recovered r = SpoolRecovery.recoverAll(dir);

    assertThat(r.incoming()).containsExactly(first, second);
    assertThat(r.outbound()).containsExactly(out);
    try (var tmp = Files.list(dir.resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
    assertThat(dir.resolve("corrupt").resolve(corrupt)).exists();
    assertThat(dir.resolve("corrupt").resolve("editor-backup~")).exists();
    assertThat(dir.resolve("corrupt").resolve(renamed)).exists();
    assertThat(dir.resolve("incoming").resolve(corrupt)).doesNotExist();
    assertThat(SpoolRecovery.recover(dir)).containsExactly(first, second); // idempotent
  }

  @Test
  void aSecondCorruptFileOfTheSameNameDoesNotReplaceTheFirst() throws IOException {
    String id = QueueIds.next();
    Files.writeString(dir.resolve("incoming").resolve(id), "garbage 1");
    SpoolRecovery.recover(dir);
    Files.writeString(dir.resolve("incoming").resolve(id), "garbage 2");
    SpoolRecovery.recover(dir);
    assertThat(Files.readString(dir.resolve("corrupt").resolve(id))).isEqualTo("garbage 1");
    assertThat(Files.readString(dir.resolve("corrupt").resolve(id + ".1"))).isEqualTo("garbage 2");
  }

  @Test
  void emptyOrMissingSpoolRecoversNothing() {
    assertThat(SpoolRecovery.recover(dir)).isEmpty();
    assertThat(SpoolRecovery.recover(dir.resolve("never-created"))).isEmpty();
  }

  private String commit() {
    SpoolWriter w = spool.begin(TestEnvelopes.simple(TestEnvelopes.local("a@example.org")));
    byte[] b = "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
    w.write(b, 0, b.length);
    return w.commit().join();
  }
}
