package dev.sealpost.server.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueInspectorTest {

  @TempDir Path dir;

  @Test
  void listsIncomingAndOutboundOldestFirstAndShowsOne() throws IOException {
    try (GroupCommitter committer = new GroupCommitter()) {
      Spool spool = Spool.open(dir, committer);
      Envelope a = TestEnvelopes.full();
      Envelope b = TestEnvelopes.simple(TestEnvelopes.local("x@example.org"), TestEnvelopes.remote("y@example.net"));
      SpoolWriter wa = spool.begin(a);
      wa.write(new byte[123], 0, 123);
      wa.commit().join();
      spool.begin(b).commit().join();
      spool.moveToOutbound(b.queueId());
      Files.writeString(dir.resolve("incoming").resolve(QueueIds.next()), "corrupt: skipped, not moved");

      var entries = QueueInspector.list(dir);

      assertThat(entries).containsExactly(
          new QueueEntry(a.queueId(), "incoming", a.receivedAt(), "jösé@exämple.org",
              java.util.List.of("用户@例子.广告", "bob@example.net"), 123),
          new QueueEntry(b.queueId(), "outbound", b.receivedAt(), "alice@example.org",
              java.util.List.of("x@example.org", "y@example.net"), 0));
      assertThat(QueueInspector.show(dir, b.queueId()).orElseThrow().envelope()).isEqualTo(b);
      assertThat(QueueInspector.show(dir, QueueIds.next())).isEmpty();
      assertThatThrownBy(() -> QueueInspector.show(dir, "../../etc/passwd"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void missingSpoolIsEmpty() {
    assertThat(QueueInspector.list(dir.resolve("none"))).isEmpty();
  }
}
