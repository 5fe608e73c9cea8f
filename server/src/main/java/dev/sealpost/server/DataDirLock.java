package dev.sealpost.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per data directory. Spool recovery deletes half-written files at start; a second instance
 * on the same directory would delete the first one's messages in flight, so it is refused instead.
 */
public final class DataDirLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Also for the CLI, which changes the queue's files only while no server can start. */
  public static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve("sealpost.lock");
    try {
      Files.createDirectories(dataDir);
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        throw new StartupException("another Sealpost server is already running with data directory " + dataDir
            + " (" + file + " is locked)");
      }
      return new DataDirLock(ch, lock);
    } catch (IOException e) {
      throw new StartupException("cannot lock data directory " + dataDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    }
  }
}
