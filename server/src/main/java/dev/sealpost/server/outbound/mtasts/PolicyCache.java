package dev.sealpost.server.outbound.mtasts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealpost.server.outbound.PolicySyntaxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached MTA-STS policies, one JSON file per domain in a directory so they survive restarts
 * (RFC 8461 §5.1: a policy is kept for its max_age and used when a fresh one cannot be had).
 * Files are replaced atomically; an unreadable one is logged and treated as absent. Thread-safe.
 *
 * <p>File {@code DOMAIN.json}: {@code {"domain":..., "id":..., "fetched":"2025-01-01T00:00:00Z",
 * "policy":"version: STSv1\n..."}}; the policy text is parsed again on load.
 */
public final class PolicyCache {

  private static final Logger log = LoggerFactory.getLogger(PolicyCache.class);
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final Map<String, Optional<CachedPolicy>> loaded = new ConcurrentHashMap<>();

  private PolicyCache(Path directory) {
    this.directory = directory;
  }

  /** A cache in {@code directory}, created when missing. */
  public static PolicyCache open(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create MTA-STS cache directory " + directory, e);
    }
    return new PolicyCache(directory);
  }

  /** The cached policy of {@code policyDomain}, expired or not. */
  public Optional<CachedPolicy> get(String policyDomain) {
    return loaded.computeIfAbsent(policyDomain, this::read);
  }

  /** Stores {@code entry}, replacing the domain's previous one. */
  public void put(CachedPolicy entry) {
    Path file = file(entry.policyDomain());
    ObjectNode node = JSON.createObjectNode()
        .put("domain", entry.policyDomain())
        .put("id", entry.id())
        .put("fetched", entry.fetched().toString())
        .put("policy", entry.policy().text());
    try {
      Path temp = Files.createTempFile(directory, ".tmp-", ".json");
      Files.write(temp, JSON.writeValueAsBytes(node));
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // The policy is still used from memory; only its survival across a restart is lost.
      log.warn("mta-sts cache write failed domain={} file={} error={}", entry.policyDomain(), file, e.toString());
    }
    loaded.put(entry.policyDomain(), Optional.of(entry));
  }

  private Optional<CachedPolicy> read(String policyDomain) {
    Path file = file(policyDomain);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      StsPolicy policy = StsPolicyParser.parse(node.required("policy").asText());
      return Optional.of(new CachedPolicy(policyDomain, node.required("id").asText(),
          Instant.parse(node.required("fetched").asText()), policy));
    } catch (IOException | RuntimeException e) {
      log.warn("mta-sts cache entry ignored domain={} file={} error={}", policyDomain, file, e.toString());
      return Optional.empty();
    }
  }

  /** Domain names are checked before they become file names, so none can leave the directory. */
  private Path file(String policyDomain) {
    if (!DOMAIN.matcher(policyDomain).matches() || policyDomain.contains("..")) {
      throw new PolicySyntaxException("not a lower-case ASCII domain name: '" + policyDomain + "'");
    }
    return directory.resolve(policyDomain + ".json");
  }
}
