package dev.sealpost.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A man in the middle between a client and a real server, for the attacks of the "NO STARTTLS" study:
 * it removes STARTTLS from the server's EHLO reply (STRIPTLS), or answers STARTTLS itself with a 454.
 * It records every byte the client sent, so a test can prove that no credentials left the client.
 */
public final class StartTlsStrippingProxy implements AutoCloseable {

  /** What the man in the middle does. */
  public enum Attack { STRIP_CAPABILITY, REFUSE_STARTTLS }

  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final Attack attack;
  private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();

  public StartTlsStrippingProxy(InetSocketAddress upstream, Attack attack) throws IOException {
    this.upstream = upstream;
    this.attack = attack;
    this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::acceptLoop);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Everything the client sent, as text. */
  public String clientBytes() {
    synchronized (fromClient) {
      return fromClient.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Thread.ofVirtual().start(() -> relay(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    try (client; Socket server = new Socket(upstream.getAddress(), upstream.getPort())) {
      InputStream fromServer = server.getInputStream();
      OutputStream toClient = client.getOutputStream();
      InputStream clientIn = client.getInputStream();
      OutputStream toServer = server.getOutputStream();
      Thread down = Thread.ofVirtual().start(() -> serverToClient(fromServer, toClient));
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = clientIn.read()) >= 0) {
        synchronized (fromClient) {
          fromClient.write(b);
        }
        line.append((char) b);
        if (b == '\n') {
          if (attack == Attack.REFUSE_STARTTLS && line.toString().trim().equalsIgnoreCase("STARTTLS")) {
            toClient.write("454 4.7.0 TLS not available due to temporary reason\r\n".getBytes(StandardCharsets.US_ASCII));
            toClient.flush();
          } else {
            toServer.write(line.toString().getBytes(StandardCharsets.ISO_8859_1));
            toServer.flush();
          }
          line.setLength(0);
        }
      }
      down.join(1000);
    } catch (IOException | InterruptedException e) {
      // either side hung up
    }
  }

  private void serverToClient(InputStream in, OutputStream out) {
    try {
      StringBuilder line = new StringBuilder();
      String held = null; // the previous EHLO line, held back in case the next one must be dropped
      int b;
      while ((b = in.read()) >= 0) {
        line.append((char) b);
        if (b != '\n') {
          continue;
        }
        String l = line.toString();
        line.setLength(0);
        boolean strip = attack == Attack.STRIP_CAPABILITY && l.length() > 4 && l.substring(4).trim().equalsIgnoreCase("STARTTLS");
        if (strip) {
          if (l.charAt(3) == ' ' && held != null) {
            // The held line becomes the last one of the reply.
            out.write((held.substring(0, 3) + " " + held.substring(4)).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            held = null;
          }
          continue;
        }
        if (held != null) {
          out.write(held.getBytes(StandardCharsets.ISO_8859_1));
        }
        held = l.length() > 3 && l.charAt(3) == '-' ? l : null;
        if (held == null) {
          out.write(l.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
