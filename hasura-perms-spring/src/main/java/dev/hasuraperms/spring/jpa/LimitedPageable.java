package dev.hasuraperms.spring.jpa;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** A page request whose size is capped at a permission's limit while its offset stays the caller's. */
final class LimitedPageable implements Pageable {

    private final long offset;
    private final int size;
    private final Sort sort;
    private final int callerSize;

    private LimitedPageable(long offset, int size, Sort sort, int callerSize) {
        this.offset = offset;
        this.size = size;
        this.sort = sort;
        this.callerSize = callerSize;
    }

    static Pageable of(Pageable pageable, int limit) {
        if (pageable.isUnpaged()) {
            return new LimitedPageable(0, limit, pageable.getSort(), limit);
        }
        if (pageable.getPageSize() <= limit) {
            return pageable;
        }
        return new LimitedPageable(pageable.getOffset(), limit, pageable.getSort(), pageable.getPageSize());
    }

    @Override
    public int getPageNumber() {
        return (int) (offset / callerSize);
    }

    @Override
    public int getPageSize() {
        return size;
    }

    @Override
    public long getOffset() {
        return offset;
    }

    @Override
    public Sort getSort() {
        return sort;
    }

    @Override
    public Pageable next() {
        return new LimitedPageable(offset + callerSize, size, sort, callerSize);
    }

    @Override
    public Pageable previousOrFirst() {
        return hasPrevious() ? new LimitedPageable(Math.max(0, offset - callerSize), size, sort, callerSize) : first();
    }

    @Override
    public Pageable first() {
        return new LimitedPageable(0, size, sort, callerSize);
    }

    @Override
    public Pageable withPage(int pageNumber) {
        return new LimitedPageable((long) pageNumber * callerSize, size, sort, callerSize);
    }

    @Override
    public boolean hasPrevious() {
        return offset > 0;
    }

    @Override
    public String toString() {
        return "LimitedPageable[offset=" + offset + ", size=" + size + ", sort=" + sort + "]";
    }
}
