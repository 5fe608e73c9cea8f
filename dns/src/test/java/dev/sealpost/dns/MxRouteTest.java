package dev.sealpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MxRouteTest {

  private static final MxRecord A10 = new MxRecord(10, "a.example.test");
  private static final MxRecord B10 = new MxRecord(10, "b.example.test");
  private static final MxRecord C10 = new MxRecord(10, "c.example.test");
  private static final MxRecord D20 = new MxRecord(20, "d.example.test");
  private static final MxRecord E5 = new MxRecord(5, "e.example.test");

  @Test
  void ordersByPreference() {
    assertThat(MxRoute.deliveryOrder(List.of(D20, A10, E5), new Random(1))).containsExactly(E5, A10, D20);
  }

  @Test
  void shufflesOnlyAmongEqualPreferences() {
    Set<List<MxRecord>> seen = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      List<MxRecord> order = MxRoute.deliveryOrder(List.of(D20, A10, B10, E5, C10), new Random(seed));
      assertThat(order.getFirst()).isEqualTo(E5);
      assertThat(order.subList(1, 4)).containsExactlyInAnyOrder(A10, B10, C10);
      assertThat(order.getLast()).isEqualTo(D20);
      seen.add(order);
    }
    assertThat(seen).as("all 6 orders of the three equal hosts").hasSize(6);
  }

  @Test
  void sameRandomGivesTheSameOrder() {
    List<MxRecord> records = List.of(A10, B10, C10);

    assertThat(MxRoute.deliveryOrder(records, new Random(7))).isEqualTo(MxRoute.deliveryOrder(records, new Random(7)));
  }

  @Test
  void foundRecordsBecomeExchangersInOrder() {
    MxRoute route = MxRoute.of("example.test", found(D20, E5), new Random(1));

    assertThat(route).isEqualTo(new MxRoute.Exchangers(List.of(E5, D20)));
  }

  @Test
  void nullMxMeansNoMail() {
    MxRecord nullMx = new MxRecord(0, ".");

    assertThat(nullMx.isNullMx()).isTrue();
    assertThat(MxRoute.of("nomail.test", found(nullMx), new Random(1))).isEqualTo(new MxRoute.NullMx("nomail.test"));
  }

  @Test
  void rootBesideRealHostsIsSkipped() {
    assertThat(MxRoute.of("example.test", found(new MxRecord(0, "."), A10), new Random(1)))
        .isEqualTo(new MxRoute.Exchangers(List.of(A10)));
  }

  @Test
  void onlyPreferenceZeroAndTheRootAreNullMx() {
    assertThat(new MxRecord(10, ".").isNullMx()).isFalse();
    assertThat(new MxRecord(0, "mx.example.test").isNullMx()).isFalse();
  }

  @Test
  void noMxRecordsMeansTheImplicitMx() {
    assertThat(MxRoute.of("example.test", new DnsResult.NoData<>(false), new Random(1)))
        .isEqualTo(new MxRoute.ImplicitMx("example.test"));
  }

  @Test
  void nxdomainAndTemporaryFailureAreKeptApart() {
    assertThat(MxRoute.of("gone.test", new DnsResult.NxDomain<>(false), new Random(1)))
        .isEqualTo(new MxRoute.NoSuchDomain("gone.test"));
    assertThat(MxRoute.of("slow.test", new DnsResult.TemporaryFailure<>("timed out"), new Random(1)))
        .isEqualTo(new MxRoute.TemporaryFailure("timed out"));
  }

  private static DnsResult<MxRecord> found(MxRecord... records) {
    return new DnsResult.Found<>(List.of(records), Duration.ofSeconds(60), false);
  }
}
