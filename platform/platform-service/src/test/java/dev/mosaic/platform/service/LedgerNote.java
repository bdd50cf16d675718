package dev.mosaic.platform.service;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A ledger row as an entity, written by the unit of work at flush or commit (FakeLedger's other writes are SQL). */
@Entity
@Table(name = "ledger_entry")
public class LedgerNote {

    @Id
    @Column(name = "id")
    private String id;

    @Column(name = "note")
    private String note;

    protected LedgerNote() {
    }

    LedgerNote(String id, String note) {
        this.id = id;
        this.note = note;
    }
}
