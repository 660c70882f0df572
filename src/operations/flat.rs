//! The top-level text fields of a typed input, read through its `Serialize` impl without
//! building a JSON value: the fast path of [`super::OperationInput::prepare`] for operations
//! whose input is path parameters only (get or delete something by id). Any other shape (a
//! number, an array, a nested object, a flattened body) is refused, and the caller takes the
//! general path through a JSON value.

use std::fmt;

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

/// The fields the input carries, as (wire name, text), in the struct's order; absent
/// (`None`) fields are left out. `None` when a field is not text.
pub(crate) fn text_fields<T: Serialize + ?Sized>(input: &T) -> Option<Vec<(&'static str, String)>> {
    input.serialize(Top).ok()
}

/// The input is not a struct of text fields.
#[derive(Debug)]
pub(crate) struct NotFlat;

impl fmt::Display for NotFlat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a struct of text fields")
    }
}

impl std::error::Error for NotFlat {}

impl ser::Error for NotFlat {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotFlat
    }
}

/// Refuses every kind of value not listed before it in the impl.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*);)*) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<Self::Ok, NotFlat> {
                Err(NotFlat)
            }
        )*
    };
}

/// Refuses what neither serializer takes: every scalar but text and `None`, and the compound
/// kinds but structs (each impl defines those it handles).
macro_rules! refuse_the_rest {
    () => {
        refuse! {
            serialize_bool(bool);
            serialize_i8(i8);
            serialize_i16(i16);
            serialize_i32(i32);
            serialize_i64(i64);
            serialize_u8(u8);
            serialize_u16(u16);
            serialize_u32(u32);
            serialize_u64(u64);
            serialize_f32(f32);
            serialize_f64(f64);
            serialize_char(char);
            serialize_bytes(&[u8]);
            serialize_unit();
            serialize_unit_struct(&'static str);
            serialize_unit_variant(&'static str, u32, &'static str);
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, NotFlat> {
            Err(NotFlat)
        }
    };
}

/// The input itself: a struct.
struct Top;

impl Serializer for Top {
    type Ok = Vec<(&'static str, String)>;
    type Error = NotFlat;
    type SerializeSeq = Impossible<Self::Ok, NotFlat>;
    type SerializeTuple = Impossible<Self::Ok, NotFlat>;
    type SerializeTupleStruct = Impossible<Self::Ok, NotFlat>;
    type SerializeTupleVariant = Impossible<Self::Ok, NotFlat>;
    type SerializeMap = Impossible<Self::Ok, NotFlat>;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Impossible<Self::Ok, NotFlat>;

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Fields, NotFlat> {
        Ok(Fields(Vec::with_capacity(len)))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Self::Ok, NotFlat> {
        Err(NotFlat)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, NotFlat> {
        Err(NotFlat)
    }

    refuse! {
        serialize_str(&str);
        serialize_none();
    }
    refuse_the_rest!();
}

/// The fields of the input struct.
pub(crate) struct Fields(Vec<(&'static str, String)>);

impl SerializeStruct for Fields {
    type Ok = Vec<(&'static str, String)>;
    type Error = NotFlat;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotFlat> {
        if let Some(text) = value.serialize(Text)? {
            self.0.push((key, text));
        }
        Ok(())
    }

    fn skip_field(&mut self, _: &'static str) -> Result<(), NotFlat> {
        Ok(())
    }

    fn end(self) -> Result<Self::Ok, NotFlat> {
        Ok(self.0)
    }
}

/// One field's value: text, or absent (`None`, as a JSON `null` is absent to `prepare`).
struct Text;

impl Serializer for Text {
    type Ok = Option<String>;
    type Error = NotFlat;
    type SerializeSeq = Impossible<Self::Ok, NotFlat>;
    type SerializeTuple = Impossible<Self::Ok, NotFlat>;
    type SerializeTupleStruct = Impossible<Self::Ok, NotFlat>;
    type SerializeTupleVariant = Impossible<Self::Ok, NotFlat>;
    type SerializeMap = Impossible<Self::Ok, NotFlat>;
    type SerializeStruct = Impossible<Self::Ok, NotFlat>;
    type SerializeStructVariant = Impossible<Self::Ok, NotFlat>;

    fn serialize_str(self, v: &str) -> Result<Self::Ok, NotFlat> {
        Ok(Some(v.to_owned()))
    }

    fn serialize_none(self) -> Result<Self::Ok, NotFlat> {
        Ok(None)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, NotFlat> {
        value.serialize(Text)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, NotFlat> {
        value.serialize(Text)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotFlat> {
        Err(NotFlat)
    }

    refuse_the_rest!();
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::text_fields;
    use crate::operations::{prepare_path_only, OperationInput, RequestContext};

    #[cfg(feature = "v1")]
    use crate::v1::inputs::{CreateWorkspaceInput, GetDeploymentInput, ListDeploymentsInput};

    #[cfg(feature = "v1")]
    #[test]
    fn a_path_only_input_is_read_as_text_fields_and_others_are_not() {
        let get = GetDeploymentInput {
            organization_id: None,
            deployment_id: "d 1".into(),
        };
        assert_eq!(
            text_fields(&get),
            Some(vec![("deploymentId", "d 1".to_owned())])
        );
        let with_org = GetDeploymentInput {
            organization_id: Some("o".into()),
            deployment_id: "d".into(),
        };
        assert_eq!(
            text_fields(&with_org),
            Some(vec![
                ("organizationId", "o".to_owned()),
                ("deploymentId", "d".to_owned())
            ])
        );
        // A number, and a flattened body, are not text fields.
        let list = ListDeploymentsInput {
            limit: Some(5),
            ..Default::default()
        };
        assert_eq!(text_fields(&list), None);
        let create: CreateWorkspaceInput =
            serde_json::from_value(serde_json::json!({"name": "w"})).unwrap();
        assert_eq!(text_fields(&create), None);
    }

    #[cfg(feature = "v1")]
    #[test]
    fn the_fast_path_builds_a_valid_input_and_declines_the_rest() {
        let spec = GetDeploymentInput::spec();
        let ctx = RequestContext {
            base_url: "https://api.astronomer.io/v1/",
            default_organization_id: Some("org"),
        };
        let fields = [("deploymentId", "a/b".to_owned())];
        let prepared = prepare_path_only(spec, &fields, &ctx).unwrap();
        assert_eq!(
            prepared.url,
            "https://api.astronomer.io/v1/organizations/org/deployments/a%2Fb"
        );
        assert_eq!(
            prepared.headers,
            vec![("accept".to_owned(), "application/json".to_owned())]
        );
        assert_eq!(prepared.body, None);
        // Refused values, a missing organization and an unknown field go the general way.
        for fields in [
            vec![("deploymentId", "..".to_owned())],
            vec![("deploymentId", String::new())],
            vec![
                ("organizationId", "%2e".to_owned()),
                ("deploymentId", "d".to_owned()),
            ],
            vec![("deploymentId", "d".to_owned()), ("limit", "1".to_owned())],
        ] {
            assert_eq!(prepare_path_only(spec, &fields, &ctx), None, "{fields:?}");
        }
        let no_default = RequestContext {
            default_organization_id: None,
            ..ctx
        };
        assert_eq!(
            prepare_path_only(spec, &[("deploymentId", "d".to_owned())], &no_default),
            None
        );
    }
}
