//! The Organization's allowed IP address ranges (CIDR blocks). They are stored, listed and
//! shown as `hasAllowedIpAddressRanges`; the emulator does not filter callers by them.

use serde_json::{json, Value};

use super::*;

/// `a.b.c.d/n` (n <= 32) or an IPv6 address with `/n` (n <= 128).
fn is_cidr(text: &str) -> bool {
    let Some((addr, len)) = text.split_once('/') else {
        return false;
    };
    let Ok(len) = len.parse::<u8>() else {
        return false;
    };
    match addr.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => len <= 32,
        Ok(std::net::IpAddr::V6(_)) => len <= 128,
        Err(_) => false,
    }
}

impl Db {
    pub fn has_allowed_ip_ranges(&self, org: &str) -> bool {
        self.allowed_ip_ranges
            .iter()
            .any(|r| sget(r, "organizationId") == org)
    }

    pub fn list_allowed_ip_ranges(&self, org: &str, query: &Value) -> Value {
        let items: Vec<&Obj> = self
            .allowed_ip_ranges
            .iter()
            .filter(|r| sget(r, "organizationId") == org)
            .collect();
        page(
            items,
            query,
            "allowedIpAddressRanges",
            |r: &&Obj| *r,
            |r| r.clone(),
        )
    }

    fn new_range(
        &self,
        org: &str,
        field: &str,
        cidr: &str,
        ctx: &mut Ctx,
    ) -> Result<Obj, ApiError> {
        if !is_cidr(cidr) {
            return Err(bad_field(
                field,
                format!("'{cidr}' is not a CIDR block such as 203.0.113.0/24"),
            ));
        }
        if self
            .allowed_ip_ranges
            .iter()
            .any(|r| sget(r, "organizationId") == org && sget(r, "ipAddressRange") == cidr)
        {
            return Err(ApiError::field(
                409,
                field,
                "conflict",
                format!("{cidr} is already allowed"),
            ));
        }
        let mut doc = Obj::new();
        put(&mut doc, "id", json!(ctx.id()));
        put(&mut doc, "organizationId", json!(org));
        put(&mut doc, "ipAddressRange", json!(cidr));
        put(&mut doc, "createdAt", json!(ctx.now()));
        put(&mut doc, "updatedAt", json!(ctx.now()));
        put(&mut doc, "createdBy", ctx.subject.clone());
        put(&mut doc, "updatedBy", ctx.subject.clone());
        Ok(doc)
    }

    pub fn create_allowed_ip_range(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let doc = self.new_range(
            org,
            "ipAddressRange",
            s(body, "ipAddressRange").unwrap_or_default(),
            ctx,
        )?;
        self.allowed_ip_ranges.push(doc.clone());
        Ok(Value::Object(doc))
    }

    /// All or nothing: one bad or already allowed range refuses the whole list.
    pub fn bulk_create_allowed_ip_ranges(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let list = query_strings(body, "allowedIpAddressRanges").unwrap_or_default();
        let mut made: Vec<Obj> = Vec::new();
        for (n, cidr) in list.iter().enumerate() {
            let field = format!("allowedIpAddressRanges[{n}]");
            if made.iter().any(|m| sget(m, "ipAddressRange") == cidr) {
                return Err(ApiError::field(
                    409,
                    &field,
                    "conflict",
                    format!("{cidr} is listed twice"),
                ));
            }
            made.push(self.new_range(org, &field, cidr, ctx)?);
        }
        self.allowed_ip_ranges.extend(made.iter().cloned());
        Ok(json!({ "allowedIpAddressRanges": made }))
    }

    pub fn bulk_delete_allowed_ip_ranges(
        &mut self,
        org: &str,
        body: &Value,
    ) -> Result<(), ApiError> {
        let ids = query_strings(body, "allowedIpAddressRangeIds").unwrap_or_default();
        for (n, id) in ids.iter().enumerate() {
            if !self
                .allowed_ip_ranges
                .iter()
                .any(|r| sget(r, "id") == id && sget(r, "organizationId") == org)
            {
                return Err(bad_field(
                    &format!("allowedIpAddressRangeIds[{n}]"),
                    format!("'{id}' is not an allowed range of this Organization"),
                ));
            }
        }
        self.allowed_ip_ranges.retain(|r| {
            !(sget(r, "organizationId") == org && ids.iter().any(|i| i == sget(r, "id")))
        });
        Ok(())
    }

    pub fn delete_allowed_ip_range(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self
            .allowed_ip_ranges
            .iter()
            .position(|r| sget(r, "id") == id && sget(r, "organizationId") == org)
            .ok_or_else(|| not_found("Allowed IP address range", id))?;
        self.allowed_ip_ranges.remove(i);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::is_cidr;

    #[test]
    fn cidr_blocks() {
        for ok in ["10.0.0.0/8", "203.0.113.7/32", "2001:db8::/32"] {
            assert!(is_cidr(ok), "{ok}");
        }
        for bad in ["10.0.0.0", "10.0.0.0/33", "x/8", "2001:db8::/129", ""] {
            assert!(!is_cidr(bad), "{bad}");
        }
    }
}
