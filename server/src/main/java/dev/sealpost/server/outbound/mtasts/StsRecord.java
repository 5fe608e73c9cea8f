package dev.sealpost.server.outbound.mtasts;

import dev.sealpost.server.outbound.PolicySyntaxException;
import dev.sealpost.server.outbound.TxtFields;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code _mta-sts.DOMAIN} TXT record (RFC 8461 §3.1): {@code v=STSv1; id=20160831085700Z;}.
 *
 * @param id the policy's version, 1 to 32 letters and digits; a change means "fetch again"
 */
public record StsRecord(String id) {

  public static final String VERSION = "v=STSv1";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  public StsRecord {
    if (!ID.matcher(id).matches()) {
      throw new PolicySyntaxException("MTA-STS id must be 1 to 32 letters and digits: '" + id + "'");
    }
  }

  /** The owner name of the record for {@code policyDomain}. */
  public static String ownerName(String policyDomain) {
    return "_mta-sts." + policyDomain;
  }

  /**
   * Parses one record.
   *
   * @throws PolicySyntaxException when it is not a valid STSv1 record
   */
  public static StsRecord parse(String record) {
    return new StsRecord(TxtFields.requiredField(record, VERSION, "id"));
  }

  /**
   * The record among a name's TXT records, or empty when the domain has no usable one: records not
   * beginning with {@code v=STSv1} are ignored; none, several or an invalid one means no MTA-STS.
   */
  public static Optional<StsRecord> select(List<String> txtRecords) {
    return TxtFields.select(txtRecords, VERSION, StsRecord::parse);
  }
}
