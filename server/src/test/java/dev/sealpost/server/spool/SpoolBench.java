package dev.sealpost.server.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Commits per second of 4 KiB messages, not a test. Run from /work/scratch/spool:
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.sealpost.server.spool.SpoolBench \\
 *     [dir=bench-data] [seconds=5] [main|sweep] [repeats=1]
 * </pre>
 * The directory must be on the disk the spool will use (tmpfs would measure nothing).
 */
public final class SpoolBench {

  private static final byte[] MESSAGE = new byte[4096];

  interface Mode {
    String name();

    /** Spools one message durably, blocking until it is. */
    void commitOne(Path root) throws Exception;

    /** Mean requests per group commit, or "-". */
    default String batch() {
      return "-";
    }

    default void close() {}
  }

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args.length > 0 ? args[0] : "bench-data").toAbsolutePath();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Arrays.fill(MESSAGE, (byte) 'x');
    System.out.printf("dir=%s seconds=%d cpus=%d%n", base, seconds, Runtime.getRuntime().availableProcessors());
    System.out.printf("%-28s %7s %10s %10s %10s %9s%n", "mode", "writers", "commits/s", "p50 ms", "p99 ms", "batch");
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    boolean sweep = args.length > 2 && args[2].equals("sweep");
    for (int repeat = 0; repeat < repeats; repeat++) {
      if (sweep) { // which force parallelism suits this disk
        for (int threads : new int[] {0, 8, 16, 64}) {
          run(base, seconds, 64, spoolMode("group-commit+" + threads + " force thr", 512, threads));
        }
        run(base, seconds, 64, virtualMode());
        run(base, seconds, 64, direct());
        continue;
      }
      for (int writers : new int[] {1, 64}) {
        run(base, seconds, writers, spoolMode("group-commit (default)", GroupCommitter.DEFAULT_MAX_BATCH,
            GroupCommitter.DEFAULT_FORCE_THREADS));
        run(base, seconds, writers, spoolMode("group size 1 (per-message)", 1, 0));
        run(base, seconds, writers, direct());
      }
    }
  }

  private static Mode spoolMode(String name, int maxBatch, int forceThreads) {
    return spoolMode(name, () -> new GroupCommitter(maxBatch, forceThreads));
  }

  private static Mode virtualMode() {
    return spoolMode("group-commit+virtual forces",
        () -> new GroupCommitter(512, java.util.Optional.of(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())));
  }

  private static Mode spoolMode(String name, java.util.function.Supplier<GroupCommitter> factory) {
    return new Mode() {
      GroupCommitter committer;
      Spool spool;

      @Override
      public String name() {
        return name;
      }

      @Override
      public void commitOne(Path root) {
        synchronized (this) {
          if (spool == null) {
            committer = factory.get();
            spool = Spool.open(root, committer);
          }
        }
        SpoolWriter w = spool.begin(TestEnvelopes.simple(TestEnvelopes.local("bench@example.org")));
        w.write(MESSAGE, 0, MESSAGE.length);
        w.commit().join();
      }

      @Override
      public String batch() {
        return committer == null ? "-"
            : String.format("%.1f", (double) committer.requests() / Math.max(1, committer.batches()));
      }

      @Override
      public void close() {
        if (committer != null) {
          committer.close();
        }
      }
    };
  }

  /** Each writer forces, renames and syncs the directory itself: the kernel's own batching only. */
  private static Mode direct() {
    return new Mode() {
      @Override
      public String name() {
        return "per-writer fsync (no GC)";
      }

      @Override
      public void commitOne(Path root) throws IOException {
        Path tmp = root.resolve("tmp");
        Path in = root.resolve("incoming");
        Files.createDirectories(tmp);
        Files.createDirectories(in);
        Envelope e = TestEnvelopes.simple(TestEnvelopes.local("bench@example.org"));
        byte[] header = SpoolFormat.header(EnvelopeJson.write(e));
        Path f = tmp.resolve(e.queueId());
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ch.write(new ByteBuffer[] {ByteBuffer.wrap(header), ByteBuffer.wrap(MESSAGE)});
          ch.force(true);
        }
        Files.move(f, in.resolve(e.queueId()), StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(in);
      }
    };
  }

  private static void run(Path base, int seconds, int writers, Mode mode) throws Exception {
    Path root = base.resolve("run-" + System.nanoTime());
    Files.createDirectories(root);
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<long[]> latencies = new ArrayList<>();
    int[] counts = new int[writers];
    CountDownLatch done = new CountDownLatch(writers);
    for (int t = 0; t < writers; t++) {
      int me = t;
      long[] lat = new long[2_000_000];
      latencies.add(lat);
      Thread.ofPlatform().start(() -> {
        try {
          while (!stop.get()) {
            long t0 = System.nanoTime();
            mode.commitOne(root);
            if (measuring.get() && counts[me] < lat.length) {
              lat[counts[me]++] = System.nanoTime() - t0;
            }
          }
        } catch (Throwable e) {
          e.printStackTrace();
          System.exit(1);
        } finally {
          done.countDown();
        }
      });
    }
    Thread.sleep(1000); // warm-up: JIT, directory creation
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - start;
    stop.set(true);
    done.await();
    long total = Arrays.stream(counts).sum();
    long[] all = new long[(int) total];
    int k = 0;
    for (int t = 0; t < writers; t++) {
      System.arraycopy(latencies.get(t), 0, all, k, counts[t]);
      k += counts[t];
    }
    Arrays.sort(all);
    System.out.printf("%-28s %7d %10.0f %10.2f %10.2f %9s%n", mode.name(), writers, total * 1e9 / elapsed,
        all.length == 0 ? 0 : all[all.length / 2] / 1e6, all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6,
        mode.batch());
    mode.close();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    // The root file system is mounted with "discard": let the deletes' discards and writeback finish so
    // that they do not slow the next run's journal commits.
    new ProcessBuilder("sync").inheritIO().start().waitFor();
    Thread.sleep(1000);
  }
}
