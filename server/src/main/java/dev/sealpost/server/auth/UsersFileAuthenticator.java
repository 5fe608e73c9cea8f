package dev.sealpost.server.auth;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks passwords against the users file. All work runs on the given executor (the server passes a
 * virtual-thread executor), and at most {@code maxConcurrentHashes} Argon2id computations run at once:
 * each takes the hash's memory cost (19 MiB by default), so a flood of AUTH commands waits for a permit
 * instead of exhausting the heap.
 *
 * <p>An unknown user costs the same hash as a known one (against a dummy hash with the default
 * parameters), so response time does not tell which users exist. Proxy authorization (an authzid other
 * than the authcid) is not supported and fails.
 */
public final class UsersFileAuthenticator implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(UsersFileAuthenticator.class);

  private final Supplier<UsersFile> users;
  private final Executor executor;
  private final VerificationCache cache;
  private final PasswordVerifier verifier;
  private final Semaphore hashing;
  private final String dummyHash;

  public UsersFileAuthenticator(Supplier<UsersFile> users, Executor executor, VerificationCache cache) {
    this(users, executor, cache, 2 * Runtime.getRuntime().availableProcessors());
  }

  public UsersFileAuthenticator(Supplier<UsersFile> users, Executor executor, VerificationCache cache,
      int maxConcurrentHashes) {
    this(users, executor, cache, maxConcurrentHashes, new PasswordHasher());
  }

  UsersFileAuthenticator(Supplier<UsersFile> users, Executor executor, VerificationCache cache,
      int maxConcurrentHashes, PasswordVerifier verifier) {
    if (maxConcurrentHashes < 1) {
      throw new IllegalArgumentException("maxConcurrentHashes " + maxConcurrentHashes + " must be positive");
    }
    this.users = users;
    this.executor = executor;
    this.cache = cache;
    this.verifier = verifier;
    this.hashing = new Semaphore(maxConcurrentHashes, true);
    this.dummyHash = randomHash();
  }

  @Override
  public CompletableFuture<AuthOutcome> authenticate(Credentials credentials, InetAddress client) {
    try {
      return CompletableFuture.supplyAsync(() -> check(credentials), executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(new AuthOutcome.Failure("executor refused the check (shutting down?)"));
    }
  }

  private AuthOutcome check(Credentials c) {
    String authcid = c.authenticationId();
    if (!c.authorizationId().isEmpty()
        && !UserAddresses.key(c.authorizationId()).equals(UserAddresses.key(authcid))) {
      return new AuthOutcome.Failure("authorization identity differs from authentication identity");
    }
    Optional<UsersFile.Entry> entry = users.get().entry(authcid);
    if (entry.isPresent()) {
      Optional<String> cached = cache.lookup(authcid, c.password(), entry.get().passwordHash());
      if (cached.isPresent()) {
        return new AuthOutcome.Success(entry.get().address());
      }
    }
    boolean matches;
    try {
      matches = hash(c.password(), entry.map(UsersFile.Entry::passwordHash).orElse(dummyHash));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new AuthOutcome.Failure("interrupted while waiting to hash");
    } catch (IllegalArgumentException e) {
      LOG.error("event=unusable-password-hash user={} error=\"{}\"",
          entry.map(UsersFile.Entry::address).orElse("(dummy)"), e.getMessage());
      return new AuthOutcome.Failure("stored password hash unusable: " + e.getMessage());
    }
    if (entry.isEmpty()) {
      return new AuthOutcome.Failure("unknown user");
    }
    if (!matches) {
      return new AuthOutcome.Failure("wrong password");
    }
    cache.remember(authcid, c.password(), entry.get().address(), entry.get().passwordHash());
    return new AuthOutcome.Success(entry.get().address());
  }

  private boolean hash(char[] password, String storedHash) throws InterruptedException {
    hashing.acquire();
    try {
      return verifier.verify(password, storedHash);
    } finally {
      hashing.release();
    }
  }

  // Random salt and hash: verifying against it costs a real Argon2id run and never matches.
  private static String randomHash() {
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[PasswordHasher.SALT_BYTES];
    byte[] hash = new byte[PasswordHasher.HASH_BYTES];
    random.nextBytes(salt);
    random.nextBytes(hash);
    return new PhcString(Argon2Params.DEFAULT, salt, hash).encode();
  }
}
