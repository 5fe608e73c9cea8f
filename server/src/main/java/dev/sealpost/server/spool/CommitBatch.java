package dev.sealpost.server.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs one group commit: force every file, then rename every file, then fsync each affected directory
 * once, then complete the futures. The order is what makes it safe: a name appears in the target
 * directory only for a file whose content is already on disk, and a future completes only once that
 * name is on disk too. On failure neither the source nor the target is left behind (best effort).
 */
final class CommitBatch {

  /** A file to force and rename; {@code failure} is set once a step failed. */
  static final class Move {
    final FileChannel file;
    final Path source;
    final Path target;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile IOException failure;

    Move(FileChannel file, Path source, Path target) {
      this.file = file;
      this.source = source;
      this.target = target;
    }
  }

  record DirSync(Path dir, CompletableFuture<Void> done) {}

  private final Optional<ExecutorService> forcePool;
  private final int parallelThreshold;

  CommitBatch(Optional<ExecutorService> forcePool, int parallelThreshold) {
    this.forcePool = forcePool;
    this.parallelThreshold = parallelThreshold;
  }

  void run(List<Move> moves, List<DirSync> syncs) {
    forceAll(moves);
    List<Move> renamed = new ArrayList<>();
    for (Move m : moves) {
      if (m.failure == null) {
        try {
          Files.move(m.source, m.target, StandardCopyOption.ATOMIC_MOVE);
          renamed.add(m);
        } catch (IOException e) {
          m.failure = e;
        }
      }
      if (m.failure != null) {
        deleteQuietly(m.source);
        m.done.completeExceptionally(m.failure);
      }
    }
    Set<Path> dirs = new LinkedHashSet<>();
    renamed.forEach(m -> dirs.add(m.target.getParent()));
    syncs.forEach(s -> dirs.add(s.dir()));
    Map<Path, IOException> failed = new HashMap<>();
    for (Path dir : dirs) {
      try {
        Fsync.directory(dir);
      } catch (IOException e) {
        failed.put(dir, new IOException("fsync of directory " + dir + " failed", e));
      }
    }
    for (Move m : renamed) {
      IOException e = failed.get(m.target.getParent());
      if (e != null) {
        deleteQuietly(m.target); // not durable, so not committed: the caller answers 451, not 250
        m.done.completeExceptionally(e);
      } else {
        m.done.complete(null);
      }
    }
    for (DirSync s : syncs) {
      IOException e = failed.get(s.dir());
      if (e != null) {
        s.done().completeExceptionally(e);
      } else {
        s.done().complete(null);
      }
    }
  }

  private void forceAll(List<Move> moves) {
    if (forcePool.isEmpty() || moves.size() < parallelThreshold) {
      moves.forEach(CommitBatch::force);
      return;
    }
    List<Future<?>> pending = new ArrayList<>(moves.size());
    moves.forEach(m -> pending.add(forcePool.get().submit(() -> force(m))));
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("force task failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while forcing a batch", e);
      }
    }
  }

  private static void force(Move m) {
    try (FileChannel ch = m.file) {
      ch.force(true);
    } catch (IOException e) {
      m.failure = new IOException("fsync of " + m.source + " failed", e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Left for SpoolRecovery (tmp/) or an at-least-once redelivery; never worse than a crash here.
    }
  }
}
