package dev.sealpost.server.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterTest {

  @TempDir Path dir;

  @Test
  void batchRenamesThenCompletes() throws IOException {
    Files.createDirectories(dir.resolve("to"));
    List<CommitBatch.Move> moves = new ArrayList<>();
    List<CompletableFuture<Boolean>> seen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Path src = dir.resolve("f" + i);
      Path dst = dir.resolve("to").resolve("f" + i);
      CommitBatch.Move m = new CommitBatch.Move(FileChannel.open(src, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), src, dst);
      seen.add(m.done.thenApply(v -> Files.exists(dst) && !Files.exists(src)));
      moves.add(m);
    }
    new CommitBatch(Optional.empty(), 2).run(moves, List.of());
    assertThat(seen).allSatisfy(f -> assertThat(f.join()).isTrue());
  }

  @Test
  void parallelForcesGiveTheSameResult() throws IOException {
    var pool = Executors.newFixedThreadPool(3);
    try {
      Files.createDirectories(dir.resolve("to"));
      List<CommitBatch.Move> moves = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Path src = dir.resolve("f" + i);
        moves.add(new CommitBatch.Move(FileChannel.open(src, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            src, dir.resolve("to").resolve("f" + i)));
      }
      new CommitBatch(Optional.of(pool), 2).run(moves, List.of());
      assertThat(moves).allSatisfy(m -> assertThat(m.done).isCompleted());
      try (var files = Files.list(dir.resolve("to"))) {
        assertThat(files).hasSize(10);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void oneFailedRenameDoesNotFailTheOthers() throws IOException {
    Files.createDirectories(dir.resolve("to"));
    Path ok = dir.resolve("ok");
    Path bad = dir.resolve("bad");
    CommitBatch.Move good = new CommitBatch.Move(FileChannel.open(ok, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), ok, dir.resolve("to/ok"));
    CommitBatch.Move failing = new CommitBatch.Move(FileChannel.open(bad, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), bad, dir.resolve("missing/bad"));
    new CommitBatch(Optional.empty(), 2).run(List.of(good, failing), List.of());
    assertThat(good.done).isCompleted();
    assertThat(failing.done).isCompletedExceptionally();
    assertThat(bad).doesNotExist();
    assertThat(dir.resolve("to/ok")).exists();
  }

  @Test
  void syncDirectoryCompletesAndCloseRefusesLaterWork() throws IOException {
    GroupCommitter c = new GroupCommitter(8, 2);
    assertThat(c.syncDirectory(dir).join()).isNull();
    assertThat(c.syncDirectory(dir.resolve("absent"))).failsWithin(java.time.Duration.ofMinutes(1));
    c.close();
    c.close();
    Path src = dir.resolve("late");
    FileChannel ch = FileChannel.open(src, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    assertThatThrownBy(() -> c.commit(ch, src, dir.resolve("late2")).join())
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(ch.isOpen()).isFalse();
    assertThat(src).doesNotExist();
  }

  @Test
  void closeFinishesPendingRequests() throws IOException {
    GroupCommitter c = new GroupCommitter(1, 0);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Path src = dir.resolve("p" + i);
      futures.add(c.commit(FileChannel.open(src, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), src,
          dir.resolve("q" + i)));
    }
    c.close();
    assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
    assertThat(c.batches()).isGreaterThanOrEqualTo(20);
  }
}
