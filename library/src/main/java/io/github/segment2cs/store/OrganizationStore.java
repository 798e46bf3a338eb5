package io.github.segment2cs.store;

import java.util.Optional;

/** Organizations (ClientSuccess clients) from group calls, and each user's latest one. */
public class OrganizationStore {

    private final StateDatabase database;

    public OrganizationStore(StateDatabase database) {
        this.database = database;
    }

    public record Organization(String id, String name) {
    }

    /** Stores the organization and makes it the user's current one (the latest group call wins). */
    public void join(String userId, Organization organization) {
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> {
            database.lockUser(connection, userId);
            Sql.upsert(connection, "UPDATE s2cs_organization SET name = ?, updated_at = ? WHERE group_id = ?",
                    new Object[] { organization.name(), now, organization.id() },
                    "INSERT INTO s2cs_organization (group_id, name, updated_at) VALUES (?, ?, ?)",
                    new Object[] { organization.id(), organization.name(), now });
            Sql.upsert(connection, "UPDATE s2cs_membership SET group_id = ?, updated_at = ? WHERE user_id = ?",
                    new Object[] { organization.id(), now, userId },
                    "INSERT INTO s2cs_membership (user_id, group_id, updated_at) VALUES (?, ?, ?)",
                    new Object[] { userId, organization.id(), now });
            return null;
        });
    }

    /** Gives a user the membership of another (alias), unless the user already has one. */
    public void inherit(String userId, String fromUserId) {
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> {
            database.lockUser(connection, userId);
            return Sql.update(connection, "INSERT INTO s2cs_membership (user_id, group_id, updated_at) "
                    + "SELECT ?, group_id, ? FROM s2cs_membership WHERE user_id = ? ON CONFLICT DO NOTHING",
                    userId, now, fromUserId);
        });
    }

    public Optional<Organization> find(String groupId) {
        return Optional.ofNullable(database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT group_id, name FROM s2cs_organization WHERE group_id = ?",
                row -> new Organization(row.getString("group_id"), row.getString("name")), groupId)));
    }

    /** The user's latest organization, if they have been grouped. */
    public Optional<Organization> ofUser(String userId) {
        return Optional.ofNullable(database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT o.group_id, o.name FROM s2cs_membership m JOIN s2cs_organization o ON o.group_id = m.group_id "
                        + "WHERE m.user_id = ?",
                row -> new Organization(row.getString("group_id"), row.getString("name")), userId)));
    }
}
