//! The prices that are not per instance type, under the keys of `sim.config{prices = …}`
//! (teaching values, us-east-1, defaults in [`billing::prices`](super::billing::prices)).
//! A billed period keeps the rate in force when it opened, so a change applies to periods
//! (and quantities, and Savings Plans) that start after it.

use super::billing::prices;
use super::error::Result;
use crate::aws_err;

/// Non-instance prices in USD (discounts as fractions).
#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    /// Each public IPv4 address (auto-assigned or Elastic), per hour.
    pub public_ipv4_hour: f64,
    /// EBS gp3 storage, per GB-month (730 hours).
    pub ebs_gp3_gb_month: f64,
    /// NAT gateway, per hour.
    pub nat_gateway_hour: f64,
    /// NAT gateway data processed, per GB.
    pub nat_gateway_gb: f64,
    /// Site-to-Site VPN connection, per hour.
    pub vpn_connection_hour: f64,
    /// Direct Connect dedicated port hours: 1, 10, 100 and 400 Gbps.
    pub dx_port_hour: [f64; 4],
    /// Savings Plan discounts: Compute 1y, 3y; EC2 Instance 1y, 3y.
    pub savings_plan_discount: [f64; 4],
}

/// The dedicated port speeds, in the order of [`Prices::dx_port_hour`].
pub const DX_SPEEDS: [&str; 4] = ["1Gbps", "10Gbps", "100Gbps", "400Gbps"];

impl Default for Prices {
    fn default() -> Prices {
        let dx = |speed: &str| prices::DX_PORT_HOUR.iter().find(|(b, _)| *b == speed).map_or(0.0, |(_, r)| *r);
        Prices {
            public_ipv4_hour: prices::PUBLIC_IPV4_HOUR,
            ebs_gp3_gb_month: prices::EBS_GP3_GB_MONTH,
            nat_gateway_hour: prices::NAT_HOUR,
            nat_gateway_gb: prices::NAT_GB,
            vpn_connection_hour: prices::VPN_HOUR,
            dx_port_hour: DX_SPEEDS.map(dx),
            savings_plan_discount: [0.28, 0.50, 0.36, 0.58],
        }
    }
}

impl Prices {
    fn slots(&mut self) -> [(&'static str, &mut f64); 13] {
        let [dx1, dx10, dx100, dx400] = &mut self.dx_port_hour;
        let [c1, c3, e1, e3] = &mut self.savings_plan_discount;
        [
            ("public_ipv4_hour", &mut self.public_ipv4_hour),
            ("ebs_gp3_gb_month", &mut self.ebs_gp3_gb_month),
            ("nat_gateway_hour", &mut self.nat_gateway_hour),
            ("nat_gateway_gb", &mut self.nat_gateway_gb),
            ("vpn_connection_hour", &mut self.vpn_connection_hour),
            ("dx_port_hour_1gbps", dx1),
            ("dx_port_hour_10gbps", dx10),
            ("dx_port_hour_100gbps", dx100),
            ("dx_port_hour_400gbps", dx400),
            ("savings_plan_discount_compute_1y", c1),
            ("savings_plan_discount_compute_3y", c3),
            ("savings_plan_discount_ec2_instance_1y", e1),
            ("savings_plan_discount_ec2_instance_3y", e3),
        ]
    }

    /// Every key with its current value.
    pub fn entries(&self) -> Vec<(&'static str, f64)> {
        self.clone().slots().into_iter().map(|(k, v)| (k, *v)).collect()
    }

    /// Sets one price: a finite amount of USD from 0 (a discount: a fraction from 0 to
    /// below 1); unknown keys are refused.
    pub fn set(&mut self, key: &str, value: f64) -> Result<()> {
        let names: Vec<&str> = self.entries().iter().map(|e| e.0).collect();
        let Some((_, slot)) = self.slots().into_iter().find(|(k, _)| *k == key) else {
            return Err(super::config::unknown_key("prices", key, names.into_iter()));
        };
        if key.starts_with("savings_plan_discount") {
            if !(0.0..1.0).contains(&value) {
                return Err(aws_err!(
                    "InvalidParameterValue",
                    "prices.{key} is a discount: a fraction from 0 to below 1 (0.28 = 28 %), got {value}"
                ));
            }
        } else if !(value.is_finite() && value >= 0.0) {
            return Err(aws_err!("InvalidParameterValue", "prices.{key} must be an amount of USD from 0, got {value}"));
        }
        *slot = value;
        Ok(())
    }

    /// The hourly price of a dedicated Direct Connect port of `bandwidth` (0 if unknown).
    pub fn dx_port(&self, bandwidth: &str) -> f64 {
        DX_SPEEDS.iter().position(|s| *s == bandwidth).map_or(0.0, |i| self.dx_port_hour[i])
    }

    /// A Savings Plan's discount off On-Demand by kind and term.
    pub fn plan_discount(&self, ec2_instance: bool, three_years: bool) -> f64 {
        self.savings_plan_discount[usize::from(ec2_instance) * 2 + usize::from(three_years)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_keys_and_refusals() {
        let mut p = Prices::default();
        assert_eq!(p.dx_port("10Gbps"), 2.25);
        assert_eq!(p.plan_discount(true, false), 0.36);
        assert_eq!(p.entries().len(), 13);
        p.set("nat_gateway_hour", 0.09).unwrap();
        assert_eq!(p.nat_gateway_hour, 0.09);
        p.set("dx_port_hour_1gbps", 0.5).unwrap();
        assert_eq!(p.dx_port("1Gbps"), 0.5);
        let before = p.clone();
        let e = p.set("nat_gateway_hours", 1.0).unwrap_err();
        assert_eq!(e.code, "InvalidParameter");
        assert!(e.message.contains("nat_gateway_hours") && e.message.contains("did you mean"), "{}", e.message);
        for bad in [-0.01, f64::NAN, f64::INFINITY] {
            let e = p.set("vpn_connection_hour", bad).unwrap_err();
            assert!(e.message.contains("vpn_connection_hour") && e.message.contains(&bad.to_string()), "{}", e.message);
        }
        assert!(p.set("savings_plan_discount_compute_1y", 1.0).is_err(), "a 100 % discount");
        assert_eq!(p, before, "refusals change nothing");
        p.set("savings_plan_discount_compute_3y", 0.0).unwrap();
        assert_eq!(p.plan_discount(false, true), 0.0);
    }
}
