package dev.hasuraperms.enforce;

import dev.hasuraperms.check.DeleteRule;

/** A delete, validated: the rule whose filter the backend ANDs with the caller's condition. */
public record DeletePlan(DeleteRule rule) {
}
