package dev.hasuraperms.examples.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;

/** A row of {@code public.events}; {@code user_id} is mapped through the many-to-one association. */
@Entity
@Table(name = "events")
public class Event {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Integer id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    private User user;

    private String type;

    /** jsonb, read and written as JSON text. */
    @ColumnTransformer(write = "?::jsonb")
    private String data;

    @Column(insertable = false, updatable = false)
    private OffsetDateTime createdAt;
    private OffsetDateTime happenedAt;

    public Integer getId() {
        return id;
    }

    public User getUser() {
        return user;
    }

    public String getType() {
        return type;
    }

    public String getData() {
        return data;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getHappenedAt() {
        return happenedAt;
    }
}
