-- The few messages with custom keywords, found without scanning a mailbox (first listing).
CREATE INDEX mailbox_messages_keywords ON mailbox_messages(mailbox_id) WHERE keywords <> '';
