package dev.haneul.ec2.actions;

import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;

/**
 * Haneul's network resources have no tags yet: a create with {@code TagSpecification.N} is refused (after its
 * members are read, so that the answer says why rather than {@code UnknownParameter}) instead of creating an
 * untagged resource the caller would not find by its tags.
 */
final class Untagged {
    private Untagged() {
    }

    static void refuseTags(Params p, String kind) {
        if (p.structs("TagSpecification").isEmpty()) {
            return;
        }
        for (Params spec : p.structs("TagSpecification")) {
            spec.string("ResourceType");
            Views.tags(spec, "Tag");
        }
        throw Ec2Exception.invalidValue("Haneul does not tag " + kind + " yet: leave TagSpecification out.");
    }
}
