package dev.sealpost.server.outbound;

import dev.sealpost.server.spool.QueueFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The administrator's commands on the queue of a server that is not running (the CLI holds the data
 * directory's lock meanwhile, so none can start): the same file moves as {@link OutboundQueue}'s, and
 * "try now" written into the saved state, which the next start obeys.
 */
public final class StoppedQueue {

  private final QueueFiles files;
  private final DeliveryStateStore states;
  private final Clock clock;

  public StoppedQueue(Path spoolDir, Clock clock) {
    this.files = new QueueFiles(spoolDir);
    this.states = new DeliveryStateStore(spoolDir.resolve("outbound-state"));
    this.clock = clock;
  }

  public OutboundQueue.AdminResult hold(String queueId) throws IOException {
    return files.hold(queueId) ? OutboundQueue.AdminResult.DONE : missing(queueId);
  }

  public OutboundQueue.AdminResult release(String queueId) throws IOException {
    if (!files.release(queueId)) {
      return files.find(queueId) == QueueFiles.Place.ABSENT ? OutboundQueue.AdminResult.NOT_FOUND
          : OutboundQueue.AdminResult.NOT_HELD;
    }
    tryAtStart(queueId);
    return OutboundQueue.AdminResult.DONE;
  }

  public OutboundQueue.AdminResult delete(String queueId) throws IOException {
    if (!files.delete(queueId)) {
      return missing(queueId);
    }
    states.delete(queueId);
    return OutboundQueue.AdminResult.DONE;
  }

  public OutboundQueue.AdminResult retry(String queueId) throws IOException {
    if (files.find(queueId) != QueueFiles.Place.OUTBOUND) {
      return missing(queueId);
    }
    tryAtStart(queueId);
    return OutboundQueue.AdminResult.DONE;
  }

  /** The next start schedules by the saved next attempt: make that now. No state means now already. */
  private void tryAtStart(String queueId) throws IOException {
    var saved = states.load(queueId);
    if (saved.isPresent()) {
      DeliveryState s = saved.get();
      states.save(queueId, new DeliveryState(s.attempts(), clock.instant(), s.recipients(), s.delayWarned()));
    }
  }

  private OutboundQueue.AdminResult missing(String queueId) {
    return switch (files.find(queueId)) {
      case ABSENT -> OutboundQueue.AdminResult.NOT_FOUND;
      case OUTBOUND -> OutboundQueue.AdminResult.DONE;
      case HELD, INCOMING -> OutboundQueue.AdminResult.NOT_OUTBOUND;
    };
  }
}
