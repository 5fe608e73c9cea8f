package dev.sealpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Responses a recursive resolver may give, read without any network. */
class ResponseReaderTest {

  private static final Name WWW = Name.fromConstantString("www.example.test.");
  private static final Name HOST = Name.fromConstantString("host.example.test.");

  @Test
  void cnameChainInOneResponse() throws Exception {
    Message m = response(Rcode.NOERROR, WWW);
    m.addRecord(new CNAMERecord(WWW, DClass.IN, 40, HOST), Section.ANSWER);
    m.addRecord(new ARecord(HOST, DClass.IN, 90, InetAddress.getByName("192.0.2.1")), Section.ANSWER);

    Answer answer = settled(ResponseReader.read(WWW, Type.A, m));

    assertThat(answer.result().records()).hasSize(1);
    assertThat(answer.cacheFor()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void cnameWithoutTargetDataOrSoaMustBeFollowed() {
    Message m = response(Rcode.NOERROR, WWW);
    m.addRecord(new CNAMERecord(WWW, DClass.IN, 40, HOST), Section.ANSWER);

    assertThat(ResponseReader.read(WWW, Type.A, m))
        .isEqualTo(new ResponseReader.FollowCname(HOST, Duration.ofSeconds(40), false));
  }

  @Test
  void cnameWithSoaIsNoDataForTheTarget() {
    Message m = response(Rcode.NOERROR, WWW);
    m.addRecord(new CNAMERecord(WWW, DClass.IN, 40, HOST), Section.ANSWER);
    m.addRecord(soa(300, 30), Section.AUTHORITY);

    Answer answer = settled(ResponseReader.read(WWW, Type.A, m));

    assertThat(answer.result()).isInstanceOf(DnsResult.NoData.class);
    assertThat(answer.cacheFor()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void nxdomainAfterACnameSpeaksOfTheTarget() {
    Message m = response(Rcode.NXDOMAIN, WWW);
    m.addRecord(new CNAMERecord(WWW, DClass.IN, 40, HOST), Section.ANSWER);

    Answer answer = settled(ResponseReader.read(WWW, Type.A, m));

    assertThat(answer.result()).isInstanceOf(DnsResult.NxDomain.class);
    assertThat(answer.cacheFor()).isZero(); // no SOA: not cached (RFC 2308 §5)
  }

  @Test
  void negativeTtlIsTheSmallerOfSoaTtlAndMinimum() {
    Message low = response(Rcode.NXDOMAIN, WWW);
    low.addRecord(soa(20, 600), Section.AUTHORITY);
    Message high = response(Rcode.NXDOMAIN, WWW);
    high.addRecord(soa(600, 20), Section.AUTHORITY);

    assertThat(settled(ResponseReader.read(WWW, Type.A, low)).cacheFor()).isEqualTo(Duration.ofSeconds(20));
    assertThat(settled(ResponseReader.read(WWW, Type.A, high)).cacheFor()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void cnameLoopInTheAnswerIsATemporaryFailure() {
    Message m = response(Rcode.NOERROR, WWW);
    m.addRecord(new CNAMERecord(WWW, DClass.IN, 40, HOST), Section.ANSWER);
    m.addRecord(new CNAMERecord(HOST, DClass.IN, 40, WWW), Section.ANSWER);

    assertThat(settled(ResponseReader.read(WWW, Type.A, m)).result())
        .isInstanceOfSatisfying(DnsResult.TemporaryFailure.class,
            f -> assertThat(f.reason()).contains("CNAME chain"));
  }

  @Test
  void refusedIsATemporaryFailure() {
    assertThat(settled(ResponseReader.read(WWW, Type.MX, response(Rcode.REFUSED, WWW))).result())
        .isEqualTo(new DnsResult.TemporaryFailure<Record>("REFUSED for www.example.test. MX"));
  }

  @Test
  void recordsOfOtherNamesOrTypesAreIgnored() throws Exception {
    Message m = response(Rcode.NOERROR, WWW);
    m.addRecord(new ARecord(HOST, DClass.IN, 90, InetAddress.getByName("192.0.2.1")), Section.ANSWER);

    assertThat(settled(ResponseReader.read(WWW, Type.A, m)).result()).isInstanceOf(DnsResult.NoData.class);
  }

  @Test
  void adBitIsRead() throws Exception {
    Message m = response(Rcode.NOERROR, WWW);
    m.getHeader().setFlag(Flags.AD);
    m.addRecord(new ARecord(WWW, DClass.IN, 90, InetAddress.getByName("192.0.2.1")), Section.ANSWER);

    assertThat(settled(ResponseReader.read(WWW, Type.A, m)).result().authenticated()).isTrue();
  }

  private static Message response(int rcode, Name qname) {
    Message m = new Message();
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(rcode);
    m.addRecord(Record.newRecord(qname, Type.A, DClass.IN), Section.QUESTION);
    return m;
  }

  private static SOARecord soa(long ttl, long minimum) {
    return new SOARecord(Name.fromConstantString("example.test."), DClass.IN, ttl,
        Name.fromConstantString("ns.example.test."), Name.fromConstantString("admin.example.test."),
        1, 3600, 600, 86400, minimum);
  }

  private static Answer settled(ResponseReader.Reading reading) {
    assertThat(reading).isInstanceOf(ResponseReader.Settled.class);
    return ((ResponseReader.Settled) reading).answer();
  }
}
