package dev.sealpost.cli;

import dev.sealpost.server.SealpostServer;
import dev.sealpost.server.config.ServerConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Runs a server until SIGTERM or SIGINT, then stops it gracefully and exits 0. */
final class Foreground {
  private static final Logger LOG = LoggerFactory.getLogger(Foreground.class);

  private Foreground() {}

  static int run(ServerConfig config, Runnable afterStart) {
    CountDownLatch stop = new CountDownLatch(1);
    // Handling the signals ourselves (rather than in a shutdown hook) lets the process exit 0 after a
    // clean stop, as service managers expect for SIGTERM.
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> {
        LOG.info("event=signal name=SIG{}", s.getName());
        stop.countDown();
      });
    }
    SealpostServer server = SealpostServer.start(config);
    afterStart.run();
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
    return 0;
  }
}
