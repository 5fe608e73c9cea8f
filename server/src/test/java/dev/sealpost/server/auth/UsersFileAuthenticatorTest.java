package dev.sealpost.server.auth;

import dev.sealpost.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileAuthenticatorTest {

  private static final PasswordHasher CHEAP = new PasswordHasher(PasswordHasherTest.CHEAP);
  private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

  @TempDir Path dir;

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final MutableClock clock = new MutableClock();
  private final List<String> hashed = new CopyOnWriteArrayList<>();
  private final PasswordVerifier counting = (password, phc) -> {
    hashed.add(phc);
    return CHEAP.verify(password, phc);
  };
  private final AtomicReference<UsersFile> users = new AtomicReference<>();
  private UsersFileAuthenticator auth;

  @BeforeEach
  void setUp() {
    UsersFile file = UsersFile.createEmpty(dir.resolve("users"), CHEAP);
    file.add("Alice@Example.org", "wonderland".toCharArray());
    users.set(file);
    auth = new UsersFileAuthenticator(users::get, executor, new VerificationCache(clock), 4, counting);
  }

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
  }

  private AuthOutcome login(String authzid, String authcid, String password) throws Exception {
    return auth.authenticate(new Credentials(authzid, authcid, password.toCharArray()), CLIENT).get(30, TimeUnit.SECONDS);
  }

  @Test
  void successReturnsTheAddressAsStored() throws Exception {
    assertThat(login("", "alice@example.ORG", "wonderland")).isEqualTo(new AuthOutcome.Success("Alice@Example.org"));
    assertThat(hashed).hasSize(1);
  }

  @Test
  void wrongPasswordFails() throws Exception {
    assertThat(login("", "alice@example.org", "looking-glass")).isEqualTo(new AuthOutcome.Failure("wrong password"));
    assertThat(hashed).hasSize(1);
  }

  @Test
  void unknownUserStillSpendsAHashOfTheDefaultCost() throws Exception {
    PasswordVerifier real = new PasswordHasher();
    auth = new UsersFileAuthenticator(users::get, executor, new VerificationCache(clock), 4, (p, phc) -> {
      hashed.add(phc);
      return real.verify(p, phc);
    });
    assertThat(login("", "mallory@example.org", "wonderland")).isEqualTo(new AuthOutcome.Failure("unknown user"));
    assertThat(hashed).singleElement().asString().startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Test
  void proxyAuthorizationIsRefusedWithoutHashing() throws Exception {
    assertThat(login("bob@example.org", "alice@example.org", "wonderland"))
        .isEqualTo(new AuthOutcome.Failure("authorization identity differs from authentication identity"));
    assertThat(hashed).isEmpty();
    assertThat(login("ALICE@example.org", "alice@example.org", "wonderland"))
        .isEqualTo(new AuthOutcome.Success("Alice@Example.org"));
  }

  @Test
  void aCacheHitAvoidsHashing() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(login("", "alice@example.org", "wonderland")).isInstanceOf(AuthOutcome.Success.class);
    }
    assertThat(hashed).hasSize(1);
    assertThat(login("", "alice@example.org", "wrong")).isInstanceOf(AuthOutcome.Failure.class);
    assertThat(hashed).hasSize(2);
    clock.advance(VerificationCache.DEFAULT_TTL);
    assertThat(login("", "alice@example.org", "wonderland")).isInstanceOf(AuthOutcome.Success.class);
    assertThat(hashed).hasSize(3);
  }

  @Test
  void aPasswordChangeInvalidatesTheCache() throws Exception {
    assertThat(login("", "alice@example.org", "wonderland")).isInstanceOf(AuthOutcome.Success.class);
    users.get().setPassword("alice@example.org", "rabbit-hole".toCharArray());
    assertThat(login("", "alice@example.org", "wonderland")).isEqualTo(new AuthOutcome.Failure("wrong password"));
    assertThat(login("", "alice@example.org", "rabbit-hole")).isInstanceOf(AuthOutcome.Success.class);
    assertThat(hashed).hasSize(3);
  }

  @Test
  void aRemovedUserIsNoLongerAcceptedFromTheCache() throws Exception {
    assertThat(login("", "alice@example.org", "wonderland")).isInstanceOf(AuthOutcome.Success.class);
    users.get().remove("alice@example.org");
    assertThat(login("", "alice@example.org", "wonderland")).isEqualTo(new AuthOutcome.Failure("unknown user"));
  }

  @Test
  void anUnusableStoredHashIsAFailureNotAnException() throws Exception {
    auth = new UsersFileAuthenticator(users::get, executor, new VerificationCache(clock), 4, (p, phc) -> {
      throw new IllegalArgumentException("argon2 memory too large");
    });
    assertThat(login("", "alice@example.org", "wonderland"))
        .isEqualTo(new AuthOutcome.Failure("stored password hash unusable: argon2 memory too large"));
  }

  @Test
  void returnsBeforeHashingAndCapsConcurrentHashes() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    AtomicInteger entered = new AtomicInteger();
    auth = new UsersFileAuthenticator(users::get, executor, new VerificationCache(clock), 2, (p, phc) -> {
      maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
      entered.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inside.decrementAndGet();
      return false;
    });
    List<CompletableFuture<AuthOutcome>> futures = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      futures.add(auth.authenticate(new Credentials("", "u" + i + "@x.org", "pw".toCharArray()), CLIENT));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> entered.get() == 2);
    assertThat(futures).noneMatch(CompletableFuture::isDone);
    release.countDown();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(entered.get()).isEqualTo(6);
    assertThat(maxInside.get()).isEqualTo(2);
  }

  @Test
  void aRefusingExecutorGivesAFailure() throws Exception {
    executor.shutdown();
    assertThat(login("", "alice@example.org", "wonderland")).isInstanceOf(AuthOutcome.Failure.class);
  }

  @Test
  void credentialsNeverPrintThePassword() {
    assertThat(new Credentials("", "a@x.org", "hunter2".toCharArray()).toString()).doesNotContain("hunter2");
  }
}
