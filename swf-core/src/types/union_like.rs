//! Decoding of the union-like structures (`HistoryEvent`, `Decision`): known members into their
//! fields, any other member kept in `unknown_members`, in one pass over the JSON object.
//!
//! serde's derive can keep unknown members only through `#[serde(flatten)]`, which decodes the
//! whole structure through its generic flatten path: every key through a field identifier that
//! may hold buffered content, and an `Option` per member checked again at the end. A history
//! page is a thousand events of some fifty members each, and that path was the largest single
//! cost of decoding one (swf-bench's history workload: `swf-bench/history-profile.md`). This
//! decoder does what the derive did, field for field: a member given twice is an error naming it,
//! a missing member takes its `Default`, `null` is `None` for an optional member, and a member of
//! a kind this version does not know is kept as its JSON value. Encoding is still derived.
//!
//! A page's events are decoded in place ([`list_in_place`]), each where it stays in the `Vec`.

/// Implements [`Fill`] and `Deserialize` for a union-like structure `$name`: each `$field` is
/// read from the member `$wire`; any other member goes into `unknown_members` (a
/// `serde_json::Map`).
///
/// `$name` must implement `Default` (each member starts as its default, as `#[serde(default)]`
/// on every field gave) and have no more than 128 fields (a bit each, to refuse duplicates).
macro_rules! union_like_deserialize {
    ($name:ident { $( $field:ident => $wire:literal, )+ }) => {
        const _: () = {
            /// The members this version knows, in field order (the bit of a member is its
            /// discriminant).
            #[allow(non_camel_case_types)]
            #[derive(Clone, Copy)]
            enum Known {
                $( $field, )+
            }

            const WIRE_NAMES: &[&str] = &[$( $wire ),+];
            const _: () = assert!(WIRE_NAMES.len() <= 128, "one bit per member in a u128");

            /// A member's key: a known member, or another kept by name (borrowed from the input
            /// when the input allows it).
            enum Key<'de> {
                Known(Known),
                Other(std::borrow::Cow<'de, str>),
            }

            struct KeyVisitor;

            impl KeyVisitor {
                fn known(key: &str) -> Option<Known> {
                    match key {
                        $( $wire => Some(Known::$field), )+
                        _ => None,
                    }
                }
            }

            impl<'de> serde::de::Visitor<'de> for KeyVisitor {
                type Value = Key<'de>;

                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a member name")
                }

                fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                    Ok(Self::known(key).map_or(Key::Other(std::borrow::Cow::Borrowed(key)), Key::Known))
                }

                fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                    Ok(Self::known(key).map_or_else(|| Key::Other(std::borrow::Cow::Owned(key.to_owned())), Key::Known))
                }

                fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                    Ok(Self::known(&key).map_or(Key::Other(std::borrow::Cow::Owned(key)), Key::Known))
                }
            }

            impl<'de> serde::Deserialize<'de> for Key<'de> {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_identifier(KeyVisitor)
                }
            }

            impl $crate::types::union_like::Fill for $name {
                const NAME: &'static str = concat!("struct ", stringify!($name));

                fn fill<'de, A: serde::de::MapAccess<'de>>(&mut self, mut map: A) -> Result<(), A::Error> {
                    let mut seen: u128 = 0;
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        match key {
                            $( Key::Known(Known::$field) => {
                                let bit = 1u128 << (Known::$field as u32);
                                if seen & bit != 0 {
                                    return Err(serde::de::Error::duplicate_field($wire));
                                }
                                seen |= bit;
                                self.$field = map.next_value()?;
                            } )+
                            Key::Other(name) => {
                                let value: serde_json::Value = map.next_value()?;
                                self.unknown_members.insert(name.into_owned(), value);
                            }
                        }
                    }
                    Ok(())
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let mut out = $name::default();
                    serde::de::DeserializeSeed::deserialize($crate::types::union_like::InPlace(&mut out), d)?;
                    Ok(out)
                }
            }
        };
    };
}

/// Decoding into a value that is already in place, for the union-like structures.
///
/// A `HistoryEvent` is some 470 bytes (a pointer per attribute member), and decoding it by value
/// moves it several times on its way into the page's `Vec` (returned from the visitor, from the
/// deserializer, as the sequence's next element, into the `Vec`): a tenth of a history's
/// decoding went to those copies. [`list_in_place`] decodes each element where it will stay.
pub(crate) trait Fill: Default {
    /// `struct <name>`, for errors.
    const NAME: &'static str;

    /// Sets the members `map` gives; the others keep their value (their default, in use).
    fn fill<'de, A: serde::de::MapAccess<'de>>(&mut self, map: A) -> Result<(), A::Error>;
}

/// Decodes a JSON object into the value it borrows, through [`Fill`].
pub(crate) struct InPlace<'a, T>(pub(crate) &'a mut T);

impl<'de, T: Fill> serde::de::DeserializeSeed<'de> for InPlace<'_, T> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Fill> serde::de::Visitor<'de> for InPlace<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(T::NAME)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.fill(map)
    }
}

/// `deserialize_with` for a list of union-like structures (a page's `events`): each element is
/// decoded in its place in the `Vec`, never moved. The same values and errors as the derived
/// `Vec` decoding.
pub(crate) fn list_in_place<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Fill,
{
    struct List<T>(std::marker::PhantomData<T>);

    impl<'de, T: Fill> serde::de::Visitor<'de> for List<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // As serde's own `Vec`: a hint from the input, capped so a lying one costs little.
            let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            loop {
                list.push(T::default());
                let last = list.len() - 1;
                if seq.next_element_seed(InPlace(&mut list[last]))?.is_none() {
                    list.pop();
                    return Ok(list);
                }
            }
        }
    }

    d.deserialize_seq(List(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::types::{
        Decision, DecisionTask, DecisionType, EventType, History, HistoryEvent, Timestamp,
    };

    const SIGNALED: &str = r#"{"eventId":7,"eventTimestamp":1700000000.5,
        "eventType":"WorkflowExecutionSignaled",
        "workflowExecutionSignaledEventAttributes":{"signalName":"go","input":"{\"n\":1}"}}"#;

    #[test]
    fn known_members_fill_their_fields_from_text_and_from_a_value() {
        let from_text: HistoryEvent = serde_json::from_str(SIGNALED).unwrap();
        assert_eq!(from_text.event_id, 7);
        assert_eq!(
            from_text.event_timestamp,
            Timestamp::from_millis(1_700_000_000_500)
        );
        assert_eq!(from_text.event_type, EventType::WorkflowExecutionSignaled);
        let signaled = from_text
            .workflow_execution_signaled_event_attributes
            .as_ref();
        assert_eq!(
            signaled.map(|a| a.input.as_deref()),
            Some(Some(r#"{"n":1}"#))
        );
        assert!(from_text.unknown_members.is_empty());
        // A `Value` hands over its keys as owned strings: the same event all the same.
        let value: serde_json::Value = serde_json::from_str(SIGNALED).unwrap();
        let from_value: HistoryEvent = serde_json::from_value(value).unwrap();
        assert_eq!(from_value, from_text);
    }

    #[test]
    fn escaped_names_and_values_read_as_the_plain_ones() {
        // `\u0049d` is `Id`, `\u0046` is `F`: serde_json hands these over unborrowed.
        let text = r#"{"event\u0049d":3,"eventType":"Timer\u0046ired","x\u0041":1}"#;
        let event: HistoryEvent = serde_json::from_str(text).unwrap();
        assert_eq!(event.event_id, 3);
        assert_eq!(event.event_type, EventType::TimerFired);
        assert_eq!(event.unknown_members["xA"], 1);
    }

    #[test]
    fn missing_members_take_their_default_and_null_is_none() {
        let event: HistoryEvent =
            serde_json::from_value(json!({"timerFiredEventAttributes": null})).unwrap();
        assert_eq!(event, HistoryEvent::default());
        let decision: Decision = serde_json::from_value(json!({})).unwrap();
        assert_eq!(decision, Decision::default());
    }

    #[test]
    fn unknown_members_are_kept_the_last_of_a_name_winning() {
        let text = r#"{"decisionType":"PauseWorkflowExecution","pause":{"a":1},"pause":{"a":2}}"#;
        let decision: Decision = serde_json::from_str(text).unwrap();
        assert_eq!(
            decision.decision_type,
            DecisionType::Unknown("PauseWorkflowExecution".into())
        );
        assert_eq!(decision.unknown_members.len(), 1);
        assert_eq!(decision.unknown_members["pause"], json!({"a": 2}));
    }

    #[test]
    fn a_member_given_twice_is_refused_by_name() {
        let err = serde_json::from_str::<HistoryEvent>(r#"{"eventId":1,"eventId":2}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("duplicate field `eventId`"), "{err}");
        let twice = r#"{"timerFiredEventAttributes":null,"timerFiredEventAttributes":null}"#;
        let err = serde_json::from_str::<HistoryEvent>(twice)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("duplicate field `timerFiredEventAttributes`"),
            "{err}"
        );
    }

    #[test]
    fn a_page_decodes_each_event_as_alone_and_refuses_what_is_not_an_event() {
        let page =
            format!(r#"{{"events":[{SIGNALED},{{"eventId":8}},{SIGNALED}],"nextPageToken":"t"}}"#);
        let history: History = serde_json::from_str(&page).unwrap();
        let alone: HistoryEvent = serde_json::from_str(SIGNALED).unwrap();
        let eighth = HistoryEvent {
            event_id: 8,
            ..Default::default()
        };
        assert_eq!(history.events, [alone.clone(), eighth, alone]);
        assert_eq!(history.next_page_token.as_deref(), Some("t"));
        let task: DecisionTask = serde_json::from_str(&page).unwrap();
        assert_eq!(task.events, history.events);
        let empty: History = serde_json::from_str(r#"{"events":[]}"#).unwrap();
        assert!(empty.events.is_empty());
        for bad in [
            r#"{"events":[{"eventId":1},null]}"#,
            r#"{"events":{}}"#,
            r#"{"events":[1]}"#,
        ] {
            assert!(serde_json::from_str::<History>(bad).is_err(), "{bad}");
        }
        let err = serde_json::from_str::<History>(r#"{"events":[{"eventId":1},{"eventId":true}]}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid type: boolean `true`"), "{err}");
    }

    #[test]
    fn a_member_of_the_wrong_kind_is_an_error_and_not_an_unknown_member() {
        let err = serde_json::from_str::<HistoryEvent>(r#"{"eventId":"seven"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid type: string \"seven\""), "{err}");
        assert!(serde_json::from_str::<HistoryEvent>(r#"{"eventId":null}"#).is_err());
        assert!(serde_json::from_str::<HistoryEvent>("[]").is_err());
    }
}
