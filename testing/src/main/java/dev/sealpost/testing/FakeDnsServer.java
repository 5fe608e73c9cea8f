package dev.sealpost.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server for tests on 127.0.0.1, answering over UDP and TCP on one free port
 * from records defined in code. Unknown names get NXDOMAIN, known names without the asked type get
 * NOERROR with no data (both with an SOA, so negative caching can be tested); CNAMEs are followed
 * inside the zone. A UDP answer larger than 512 bytes (or the client's EDNS size) is sent truncated
 * with TC set, so clients must retry over TCP.
 *
 * <pre>{@code
 * try (FakeDnsServer dns = FakeDnsServer.start()) {
 *   dns.ttl(60).mx("example.test", 10, "mx1.example.test").a("mx1.example.test", "192.0.2.1")
 *       .txt("example.test", "v=spf1 -all").servfail("broken.test").drop("silent.test");
 *   // point the resolver at dns.address(), e.g. "127.0.0.1:40213"
 *   assertThat(dns.queries("example.test")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe; the zone may be changed while the server runs. Names are case-insensitive and
 * may be given with or without the trailing dot.
 */
public final class FakeDnsServer implements AutoCloseable {

  /** The largest UDP answer without EDNS (RFC 1035 §4.2.1). */
  private static final int PLAIN_UDP_LIMIT = 512;

  private final FakeDnsZone zone = new FakeDnsZone();
  private final Map<Name, AtomicInteger> queries = new ConcurrentHashMap<>();
  private final Map<Name, AtomicInteger> tcpQueries = new ConcurrentHashMap<>();
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private volatile long ttl = 300;

  private FakeDnsServer(DatagramSocket udp, ServerSocket tcp) {
    this.udp = udp;
    this.tcp = tcp;
    Thread.ofPlatform().daemon().name("fake-dns-udp-" + port()).start(this::serveUdp);
    Thread.ofPlatform().daemon().name("fake-dns-tcp-" + port()).start(this::serveTcp);
  }

  /** Starts a server on a free port of 127.0.0.1, UDP and TCP on the same number. */
  public static FakeDnsServer start() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0; ; attempt++) {
      DatagramSocket udp = null;
      try {
        udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
        ServerSocket tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
        return new FakeDnsServer(udp, tcp);
      } catch (BindException e) {
        udp.close(); // the TCP port was taken: try another number
        if (attempt == 20) {
          throw new UncheckedIOException("no free port for UDP and TCP together", e);
        }
      } catch (IOException e) {
        if (udp != null) {
          udp.close();
        }
        throw new UncheckedIOException(e);
      }
    }
  }

  /** {@code 127.0.0.1:PORT}, as a resolver's server setting takes it. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  public int port() {
    return udp.getLocalPort();
  }

  /** TTL in seconds for the records added after this call (default 300). */
  public FakeDnsServer ttl(long seconds) {
    this.ttl = seconds;
    return this;
  }

  /** TTL and SOA MINIMUM of negative answers, in seconds (default 60; RFC 2308 §5). */
  public FakeDnsServer negativeTtl(long seconds) {
    zone.negativeTtl(seconds);
    return this;
  }

  public FakeDnsServer mx(String name, int preference, String host) {
    return add(new MXRecord(name(name), DClass.IN, ttl, preference, name(host)));
  }

  /**
   * One TXT record made of {@code strings}; a string longer than 255 bytes (UTF-8) is split into
   * several character-strings, as publishers do with long DKIM keys.
   */
  public FakeDnsServer txt(String name, String... strings) {
    ByteBuffer rdata = ByteBuffer.allocate(65535);
    for (String s : strings) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      int offset = 0;
      do {
        int length = Math.min(255, bytes.length - offset);
        rdata.put((byte) length).put(bytes, offset, length);
        offset += length;
      } while (offset < bytes.length);
    }
    byte[] wire = Arrays.copyOf(rdata.array(), rdata.position());
    return add(Record.newRecord(name(name), Type.TXT, DClass.IN, ttl, wire));
  }

  public FakeDnsServer a(String name, String ipv4) {
    return add(new ARecord(name(name), DClass.IN, ttl, literal(ipv4, Address.IPv4)));
  }

  public FakeDnsServer aaaa(String name, String ipv6) {
    return add(new AAAARecord(name(name), DClass.IN, ttl, literal(ipv6, Address.IPv6)));
  }

  public FakeDnsServer cname(String name, String target) {
    return add(new CNAMERecord(name(name), DClass.IN, ttl, name(target)));
  }

  /** A PTR record for an IPv4 or IPv6 address, under in-addr.arpa or ip6.arpa. */
  public FakeDnsServer ptr(String address, String host) {
    int family = address.contains(":") ? Address.IPv6 : Address.IPv4;
    Name reverse = ReverseMap.fromAddress(literal(address, family));
    return add(new PTRRecord(reverse, DClass.IN, ttl, name(host)));
  }

  public FakeDnsServer tlsa(String name, int usage, int selector, int matchingType, byte[] data) {
    return add(new TLSARecord(name(name), DClass.IN, ttl, usage, selector, matchingType, data));
  }

  /** Answers every query for {@code name} with SERVFAIL, as a resolver does when validation fails. */
  public FakeDnsServer servfail(String name) {
    zone.servfail(name(name));
    return this;
  }

  /** Never answers queries for {@code name}, over UDP or TCP, so clients time out. */
  public FakeDnsServer drop(String name) {
    zone.drop(name(name));
    return this;
  }

  /**
   * Sets the AD bit on answers for {@code name} (when the query asked with AD or DO, RFC 6840
   * §5.7), as a validating resolver does for data it validated.
   */
  public FakeDnsServer authenticated(String name) {
    zone.authenticated(name(name));
    return this;
  }

  /** Forgets everything about {@code name}: records, SERVFAIL, drop and AD settings. */
  public FakeDnsServer remove(String name) {
    zone.remove(name(name));
    return this;
  }

  /** Forgets every record and setting; query counts stay. */
  public FakeDnsServer clear() {
    zone.clear();
    return this;
  }

  /** How many queries for {@code name} (any type, UDP or TCP) arrived so far. */
  public int queries(String name) {
    return count(queries, name);
  }

  /** How many of them came over TCP. */
  public int tcpQueries(String name) {
    return count(tcpQueries, name);
  }

  @Override
  public void close() {
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FakeDnsServer add(Record record) {
    zone.add(record);
    return this;
  }

  private void serveUdp() {
    byte[] buffer = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        Optional<Message> query = parse(Arrays.copyOf(packet.getData(), packet.getLength()));
        if (query.isEmpty()) {
          continue;
        }
        Optional<byte[]> reply = answer(query.get(), false);
        if (reply.isPresent()) {
          udp.send(new DatagramPacket(reply.get(), reply.get().length, packet.getSocketAddress()));
        }
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // one bad exchange must not stop the server
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try {
        Socket socket = tcp.accept();
        Thread.ofVirtual().name("fake-dns-tcp-conn").start(() -> serveConnection(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** RFC 1035 §4.2.2 / RFC 7766 §8: each message is preceded by its two-byte length. */
  private void serveConnection(Socket socket) {
    try (socket;
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      while (true) {
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        Optional<Message> query = parse(wire);
        if (query.isEmpty()) {
          return;
        }
        Optional<byte[]> reply = answer(query.get(), true);
        if (reply.isPresent()) {
          out.writeShort(reply.get().length);
          out.write(reply.get());
          out.flush();
        }
      }
    } catch (EOFException | SocketException closed) {
      // the client is done
    } catch (IOException e) {
      // one bad connection must not stop the server
    }
  }

  private Optional<byte[]> answer(Message query, boolean overTcp) {
    Record question = query.getQuestion();
    if (question != null) {
      queries.computeIfAbsent(question.getName(), n -> new AtomicInteger()).incrementAndGet();
      if (overTcp) {
        tcpQueries.computeIfAbsent(question.getName(), n -> new AtomicInteger()).incrementAndGet();
      }
    }
    return zone.answer(query).map(response -> overTcp ? response.toWire() : fitUdp(query, response));
  }

  /** RFC 1035 §4.2.1, RFC 6891 §7: too large for UDP means header and question only, with TC. */
  private static byte[] fitUdp(Message query, Message response) {
    OPTRecord opt = query.getOPT();
    int limit = opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, opt.getPayloadSize());
    byte[] wire = response.toWire();
    if (wire.length <= limit) {
      return wire;
    }
    Message truncated = new Message(response.getHeader().getID());
    truncated.getHeader().setFlag(Flags.QR);
    truncated.getHeader().setFlag(Flags.TC);
    for (int flag : List.of(Flags.AA, Flags.RD)) {
      if (response.getHeader().getFlag(flag)) {
        truncated.getHeader().setFlag(flag);
      }
    }
    truncated.addRecord(response.getQuestion(), Section.QUESTION);
    if (response.getOPT() != null) {
      truncated.addRecord(response.getOPT(), Section.ADDITIONAL);
    }
    return truncated.toWire();
  }

  private static Optional<Message> parse(byte[] wire) {
    try {
      return Optional.of(new Message(wire));
    } catch (IOException malformed) {
      return Optional.empty();
    }
  }

  private static int count(Map<Name, AtomicInteger> counts, String name) {
    AtomicInteger n = counts.get(name(name));
    return n == null ? 0 : n.get();
  }

  private static Name name(String name) {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: '" + name + "'", e);
    }
  }

  private static InetAddress literal(String address, int family) {
    try {
      return Address.getByAddress(address, family);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: '" + address + "'", e);
    }
  }
}
