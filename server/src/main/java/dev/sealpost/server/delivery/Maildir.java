package dev.sealpost.server.delivery;

import dev.sealpost.server.spool.Fsync;
import dev.sealpost.server.spool.GroupCommitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * Delivers into a Maildir (https://cr.yp.to/proto/maildir.html): write tmp/&lt;unique&gt;, fsync it,
 * rename it into new/, fsync new/. The fsyncs and the rename go through the group committer, so
 * concurrent deliveries share directory fsyncs with each other and with spool commits. A reader such as
 * Dovecot only ever sees complete files, because it looks in new/ and cur/, never in tmp/.
 */
public final class Maildir {

  private static final int MAX_BUFFER = 64 * 1024;

  private final GroupCommitter committer;
  private final MaildirName names;

  public Maildir(GroupCommitter committer) {
    this(committer, MaildirName.localHostname());
  }

  Maildir(GroupCommitter committer, String hostname) {
    this.committer = committer;
    this.names = new MaildirName(hostname);
  }

  /** Creates tmp/, new/ and cur/ (and missing parents) mode 700, each made durable in its parent. */
  public static void ensure(Path maildir) {
    try {
      for (String sub : List.of("tmp", "new", "cur")) {
        createDurably(maildir.toAbsolutePath().resolve(sub));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Maildir " + maildir, e);
    }
  }

  /**
   * Stores {@code message} as a new mail and returns its path in new/. Blocks on disk I/O and fsync:
   * call it from a delivery thread, never from an event loop.
   *
   * @param sizeHint the expected size, used to size the copy buffer; the S= field is the actual size
   * @throws UncheckedIOException if anything fails; nothing is then left in tmp/ or new/
   */
  public Path deliver(Path maildir, InputStream message, long sizeHint) {
    ensure(maildir);
    String base = names.next();
    Path tmp = maildir.resolve("tmp").resolve(base);
    FileChannel ch = create(tmp);
    long size;
    try {
      size = copy(message, ch, sizeHint);
    } catch (IOException | RuntimeException e) {
      try (ch) {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + tmp, e instanceof IOException io ? io : new IOException(e));
    }
    Path target = maildir.resolve("new").resolve(MaildirName.withSize(base, size));
    try {
      committer.commit(ch, tmp, target).join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      throw new UncheckedIOException("cannot deliver to " + target, c instanceof IOException io ? io : new IOException(c));
    }
    return target;
  }

  private static FileChannel create(Path tmp) {
    try {
      return FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), Fsync.FILE_MODE);
    } catch (FileAlreadyExistsException e) {
      // The spec says a tmp/ name in use means the clock or pid was reused: refuse rather than clobber.
      throw new UncheckedIOException("Maildir name already in use: " + tmp, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + tmp, e);
    }
  }

  private static long copy(InputStream in, FileChannel out, long sizeHint) throws IOException {
    byte[] buf = new byte[(int) Math.max(8192, Math.min(MAX_BUFFER, sizeHint))];
    long total = 0;
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
      while (b.hasRemaining()) {
        out.write(b);
      }
      total += n;
    }
    return total;
  }

  private static void createDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent == null) {
      throw new IOException("no parent to create " + dir + " in");
    }
    createDurably(parent);
    try {
      Files.createDirectory(dir, Fsync.DIRECTORY_MODE);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
      // A concurrent delivery made it and may not have synced the parent yet: sync it here too.
    }
    Fsync.directory(parent); // a new Maildir must survive a crash together with the mail put in it
  }
}
