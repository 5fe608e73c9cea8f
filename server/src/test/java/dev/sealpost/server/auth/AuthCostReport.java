package dev.sealpost.server.auth;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Prints what authentication costs on this machine; a figure to read, not a test (tests never time
 * anything). Run: java -cp target/classes:target/test-classes:$(deps) dev.sealpost.server.auth.AuthCostReport
 */
public final class AuthCostReport {

  public static void main(String[] args) throws Exception {
    PasswordHasher hasher = new PasswordHasher();
    char[] password = "correct horse battery staple".toCharArray();
    String phc = hasher.hash(password);
    for (int i = 0; i < 5; i++) {
      hasher.verify(password, phc);
    }
    int n = 30;
    long[] ms = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      hasher.verify(password, phc);
      ms[i] = (System.nanoTime() - t0) / 1_000;
    }
    Arrays.sort(ms);
    System.out.printf("argon2id verify m=19456,t=2,p=1: median %.1f ms, min %.1f ms, max %.1f ms (%d runs, %d cores)%n",
        ms[n / 2] / 1000.0, ms[0] / 1000.0, ms[n - 1] / 1000.0, n, Runtime.getRuntime().availableProcessors());

    VerificationCache cache = new VerificationCache(Clock.systemUTC());
    cache.remember("alice@example.org", password, "alice@example.org", phc);
    int lookups = 2_000_000;
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < lookups; i++) {
        cache.lookup("alice@example.org", password, phc);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("cache lookup (HMAC-SHA256 + map), 1 thread: %.0f hits/s%n", lookups / secs);
    }

    Path dir = Files.createTempDirectory("authcost");
    UsersFile users = UsersFile.createEmpty(dir.resolve("users"));
    users.add("alice@example.org", password);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      UsersFileAuthenticator auth = new UsersFileAuthenticator(() -> users, executor, cache);
      InetAddress client = InetAddress.getLoopbackAddress();
      Credentials c = new Credentials("", "alice@example.org", password);
      auth.authenticate(c, client).join(); // fills the cache
      int misses = 60;
      long m0 = System.nanoTime();
      List<CompletableFuture<AuthOutcome>> wrong = new ArrayList<>();
      for (int i = 0; i < misses; i++) {
        wrong.add(auth.authenticate(new Credentials("", "alice@example.org", ("guess" + i).toCharArray()), client));
      }
      CompletableFuture.allOf(wrong.toArray(CompletableFuture[]::new)).join();
      System.out.printf("UsersFileAuthenticator full-hash path (%d wrong passwords at once, %d permits): %.1f auths/s%n",
          misses, 2 * Runtime.getRuntime().availableProcessors(), misses / ((System.nanoTime() - m0) / 1e9));
      for (int round = 0; round < 3; round++) {
        int total = 200_000;
        long t0 = System.nanoTime();
        List<CompletableFuture<AuthOutcome>> batch = new ArrayList<>();
        for (int i = 0; i < total; i++) {
          batch.add(auth.authenticate(c, client));
          if (batch.size() == 1000) {
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
            batch.clear();
          }
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("UsersFileAuthenticator cache-hit path (virtual threads, 1000 in flight): %.0f auths/s%n",
            total / secs);
      }
    }
    Files.delete(dir);
  }
}
