package dev.sealpost.server.delivery;

import static dev.sealpost.server.spool.TestEnvelopes.local;
import static dev.sealpost.server.spool.TestEnvelopes.remote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.server.spool.GroupCommitter;
import dev.sealpost.server.spool.Spool;
import dev.sealpost.server.spool.SpoolWriter;
import dev.sealpost.server.spool.TestEnvelopes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDeliveryAgentTest {

  private static final byte[] BODY = "Subject: test\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 5);

  @TempDir Path dir;
  private GroupCommitter committer;
  private Spool spool;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private LocalDeliveryAgent agent;

  @BeforeEach
  void open() {
    committer = new GroupCommitter();
    spool = Spool.open(dir.resolve("spool"), committer);
  }

  @AfterEach
  void close() {
    if (agent != null) {
      agent.close();
    }
    committer.close();
    executor.shutdown();
  }

  private Optional<Path> mailboxes(String address) {
    return Optional.of(dir.resolve("mail").resolve(address).resolve("Maildir"));
  }

  @Test
  void deliversToEachLocalUserThenDeletesTheSpoolFile() {
    agent = new LocalDeliveryAgent(spool, this::mailboxes, executor, FAST, 4);
    String id = commit(local("alice@example.org"), local("bob@example.org"));
    agent.submit(id);
    await().until(() -> !Files.exists(spool.incomingFile(id)));
    assertThat(newMail("alice@example.org")).containsExactly(new String(BODY, StandardCharsets.US_ASCII));
    assertThat(newMail("bob@example.org")).containsExactly(new String(BODY, StandardCharsets.US_ASCII));
    assertThat(spool.outboundFile(id)).doesNotExist();
  }

  @Test
  void aMessageWithARemoteRecipientMovesToOutbound() {
    agent = new LocalDeliveryAgent(spool, this::mailboxes, executor, FAST, 4);
    String id = commit(local("alice@example.org"), remote("carol@example.net"));
    agent.submit(id);
    await().until(() -> Files.exists(spool.outboundFile(id)));
    assertThat(spool.incomingFile(id)).doesNotExist();
    assertThat(newMail("alice@example.org")).hasSize(1);
    assertThat(dir.resolve("mail/carol@example.net")).doesNotExist();
  }

  @Test
  void aFailingResolverIsRetriedWithoutDuplicatingDeliveredCopies() {
    AtomicInteger bobLookups = new AtomicInteger();
    Function<String, Optional<Path>> resolver = a -> {
      if (a.startsWith("bob") && bobLookups.incrementAndGet() < 3) {
        return Optional.empty(); // e.g. the users file is being edited
      }
      return mailboxes(a);
    };
    agent = new LocalDeliveryAgent(spool, resolver, executor, FAST, 4);
    String id = commit(local("alice@example.org"), local("bob@example.org"));
    agent.submit(id);
    await().until(() -> !Files.exists(spool.incomingFile(id)));
    assertThat(bobLookups.get()).isEqualTo(3);
    assertThat(newMail("alice@example.org")).hasSize(1);
    assertThat(newMail("bob@example.org")).hasSize(1);
  }

  @Test
  void aRecipientThatNeverResolvesKeepsTheMessageInIncoming() {
    AtomicInteger lookups = new AtomicInteger();
    agent = new LocalDeliveryAgent(spool, a -> {
      lookups.incrementAndGet();
      return Optional.empty();
    }, executor, FAST, 4);
    String id = commit(local("ghost@example.org"));
    agent.submit(id);
    await().until(() -> agent.pending() == 0);
    assertThat(lookups.get()).isEqualTo(FAST.maxAttempts());
    assertThat(spool.incomingFile(id)).exists();
  }

  @Test
  void aCorruptSpoolFileIsQuarantinedNotDelivered() throws IOException {
    agent = new LocalDeliveryAgent(spool, this::mailboxes, executor, FAST, 4);
    String id = dev.sealpost.server.spool.QueueIds.next();
    Files.writeString(spool.incomingFile(id), "SEALPOST-SPOOL 1\n5\n{\"a\"");
    agent.submit(id);
    await().until(() -> Files.exists(dir.resolve("spool/corrupt").resolve(id)));
    assertThat(spool.incomingFile(id)).doesNotExist();
    assertThat(dir.resolve("mail")).doesNotExist();
    String good = commit(local("alice@example.org")); // the agent carries on
    agent.submit(good);
    await().until(() -> !Files.exists(spool.incomingFile(good)));
  }

  @Test
  void manyMessagesAreAllDelivered() {
    agent = new LocalDeliveryAgent(spool, this::mailboxes, executor, FAST, 8);
    for (int i = 0; i < 100; i++) {
      agent.submit(commit(local("u" + (i % 5) + "@example.org")));
    }
    await().until(() -> agent.pending() == 0);
    int total = 0;
    for (int u = 0; u < 5; u++) {
      total += newMail("u" + u + "@example.org").size();
    }
    assertThat(total).isEqualTo(100);
  }

  private String commit(EnvelopeRecipient... rcpts) {
    Envelope e = TestEnvelopes.simple(rcpts);
    SpoolWriter w = spool.begin(e);
    w.write(BODY, 0, BODY.length);
    return w.commit().join();
  }

  private List<String> newMail(String address) {
    Path nw = dir.resolve("mail").resolve(address).resolve("Maildir/new");
    try (var files = Files.list(nw)) {
      return files.map(f -> {
        try {
          return Files.readString(f);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
