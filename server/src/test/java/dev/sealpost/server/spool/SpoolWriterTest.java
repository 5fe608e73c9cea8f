package dev.sealpost.server.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolWriterTest {

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
  void openCreatesPrivateDirectories() throws IOException {
    for (String d : List.of("tmp", "incoming", "outbound", "corrupt")) {
      assertThat(Files.getPosixFilePermissions(dir.resolve(d)))
          .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void twentyMebibytesStreamThroughSmallWritesIntact() throws Exception {
    Envelope e = TestEnvelopes.simple(TestEnvelopes.local("a@example.org"));
    SpoolWriter w = spool.begin(e);
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] chunk = new byte[8192];
    long total = 20L << 20;
    Path tmp = dir.resolve("tmp").resolve(e.queueId());
    for (long written = 0; written < total; ) {
      int n = (int) Math.min(1 + random.nextInt(chunk.length), total - written);
      random.nextBytes(chunk);
      sent.update(chunk, 0, n);
      w.write(chunk, 0, n);
      written += n;
      // Streaming: all but the last buffer-full is already in the file, not held by the writer.
      assertThat(Files.size(tmp)).isGreaterThanOrEqualTo(written - SpoolWriter.BUFFER_SIZE);
    }
    assertThat(w.bodySize()).isEqualTo(total);
    assertThat(w.commit().join()).isEqualTo(e.queueId());
    SpooledMessage m = SpoolReader.open(spool.incomingFile(e.queueId()));
    assertThat(m.bodySize()).isEqualTo(total);
    assertThat(sha256(m)).isEqualTo(sent.digest());
  }

  @Test
  void commitRenamesIntoIncomingBeforeTheFutureCompletes() {
    Envelope e = TestEnvelopes.simple(TestEnvelopes.local("a@example.org"));
    SpoolWriter w = spool.begin(e);
    w.write("hello\r\n".getBytes(StandardCharsets.US_ASCII), 0, 7);
    Path tmp = dir.resolve("tmp").resolve(e.queueId());
    Path incoming = dir.resolve("incoming").resolve(e.queueId());
    assertThat(tmp).exists();
    assertThat(incoming).doesNotExist();
    // Runs on the committer thread at the moment the future completes.
    CompletableFuture<Boolean> seenAtCompletion = w.commit()
        .thenApply(id -> Files.exists(incoming) && !Files.exists(tmp));
    assertThat(seenAtCompletion.join()).isTrue();
    assertThat(SpoolReader.open(incoming).envelope()).isEqualTo(e);
  }

  @Test
  void abortDeletesAndIsIdempotent() {
    Envelope e = TestEnvelopes.simple(TestEnvelopes.local("a@example.org"));
    SpoolWriter w = spool.begin(e);
    w.write(new byte[100], 0, 100);
    w.abort();
    w.abort();
    assertThat(dir.resolve("tmp").resolve(e.queueId())).doesNotExist();
    assertThatThrownBy(() -> w.write(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    assertThat(w.commit()).isCompletedExceptionally();
  }

  @Test
  void abortAfterCommitKeepsTheMessage() {
    Envelope e = TestEnvelopes.simple(TestEnvelopes.local("a@example.org"));
    SpoolWriter w = spool.begin(e);
    w.commit().join();
    w.abort();
    assertThat(spool.incomingFile(e.queueId())).exists();
  }

  @Test
  void failedCommitCompletesExceptionallyAndDeletesTheTempFile() throws IOException {
    Envelope e = TestEnvelopes.simple(TestEnvelopes.local("a@example.org"));
    SpoolWriter w = spool.begin(e);
    w.write(new byte[10], 0, 10);
    Files.delete(dir.resolve("incoming")); // the rename now fails
    assertThatThrownBy(() -> w.commit().join()).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(dir.resolve("tmp").resolve(e.queueId())).doesNotExist();
    w.abort(); // safe after a failure
  }

  @Test
  void commitAfterCommitterClosedFailsCleanly() {
    Envelope e = TestEnvelopes.simple(TestEnvelopes.local("a@example.org"));
    SpoolWriter w = spool.begin(e);
    committer.close();
    assertThatThrownBy(() -> w.commit().join()).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(dir.resolve("tmp").resolve(e.queueId())).doesNotExist();
  }

  @Test
  void beginRefusesAnIdThatIsNotAQueueId() {
    Envelope s = TestEnvelopes.simple(TestEnvelopes.local("a@example.org"));
    Envelope bad = new Envelope("../../etc/passwd", s.receivedAt(), s.reversePath(), s.recipients(), s.ret(),
        s.envId(), false, "7BIT", false, s.authenticatedUser(), s.clientAddress(), s.heloName(), s.tls(), "smtp");
    assertThatThrownBy(() -> spool.begin(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../../etc/passwd");
  }

  @Test
  void twoHundredConcurrentCommitsLandExactlyOnce() throws Exception {
    int threads = 20;
    int perThread = 10;
    List<Thread> workers = new ArrayList<>();
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          List<CompletableFuture<String>> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            Envelope e = TestEnvelopes.simple(TestEnvelopes.local("a@example.org"));
            SpoolWriter w = spool.begin(e);
            byte[] body = ("message " + e.queueId() + "\r\n").getBytes(StandardCharsets.US_ASCII);
            w.write(body, 0, body.length);
            mine.add(w.commit());
          }
          mine.forEach(f -> ids.add(f.join()));
        } catch (Throwable x) {
          errors.add(x);
        }
      }));
    }
    for (Thread t : workers) {
      t.join();
    }
    assertThat(errors).isEmpty();
    assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
    try (var files = Files.list(dir.resolve("incoming"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(ids);
    }
    try (var files = Files.list(dir.resolve("tmp"))) {
      assertThat(files).isEmpty();
    }
    for (String id : ids) {
      SpooledMessage m = SpoolReader.open(spool.incomingFile(id));
      try (InputStream in = m.body()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("message " + id + "\r\n");
      }
    }
    assertThat(committer.requests()).isEqualTo(threads * perThread);
  }

  private static byte[] sha256(SpooledMessage m) throws IOException, NoSuchAlgorithmException {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (InputStream in = m.body()) {
      byte[] b = new byte[65536];
      for (int n = in.read(b); n >= 0; n = in.read(b)) {
        d.update(b, 0, n);
      }
    }
    return d.digest();
  }
}
