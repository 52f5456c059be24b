package dev.haneul.volume.quota;

import dev.haneul.volume.common.VolumeRuleException;

/**
 * A change would take a quota beyond the account's limit: {@code VolumeLimitExceeded} (GiB of one volume type) or
 * {@code SnapshotLimitExceeded}. A REST request answers it as a 400; a launch fails with it as the reason.
 */
public class QuotaExceeded extends VolumeRuleException {
    public QuotaExceeded(String code, String message) {
        super(code, message);
    }

    static QuotaExceeded of(String quota, long limit, long used, long needed) {
        if (Footprint.SNAPSHOTS.equals(quota)) {
            return new QuotaExceeded("SnapshotLimitExceeded", "The maximum number of snapshots has been reached: "
                    + "the limit of this account is " + limit + " snapshots (" + used + " exist).");
        }
        return new QuotaExceeded("VolumeLimitExceeded", "You have exceeded your maximum " + quota
                + " storage limit of " + limit + " GiB in this region: " + used + " GiB are in use and the request needs "
                + needed + " GiB more. Ask an administrator to raise the quota volumeGiB." + quota + ".");
    }
}
