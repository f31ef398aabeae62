//! Availability Zone failure: instances in a failed AZ are impaired (unreachable), NAT
//! gateways there stop forwarding, and Auto Scaling groups replace the lost capacity in
//! their remaining AZs.

use super::*;
use crate::aws_err;

impl World {
    fn known_az(&self, az: &str) -> Result<&'static str> {
        region::known_regions()
            .filter_map(region::azs_of)
            .flat_map(|azs| azs.iter().copied())
            .find(|a| *a == az)
            .ok_or_else(|| aws_err!("InvalidParameterValue", "Invalid Availability Zone ({az})"))
    }

    /// Fails an AZ (idempotent).
    pub fn fail_az(&mut self, az: &str) -> Result<()> {
        let az = self.known_az(az)?;
        if self.failed_azs.insert(az) {
            self.emit(Event::AzFailed { az });
            self.check_all_groups();
        }
        Ok(())
    }

    /// Recovers a failed AZ (idempotent); Auto Scaling rebalances into it.
    pub fn recover_az(&mut self, az: &str) -> Result<()> {
        let az = self.known_az(az)?;
        if self.failed_azs.remove(az) {
            self.emit(Event::AzRecovered { az });
            self.check_all_groups();
        }
        Ok(())
    }

    /// The failed AZs, by name.
    pub fn failed_azs(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.failed_azs.iter().copied()
    }

    /// Whether an AZ has failed.
    pub fn az_failed(&self, az: &str) -> bool {
        self.failed_azs.contains(az)
    }

    /// Whether an instance is impaired (its AZ has failed).
    pub fn instance_impaired(&self, inst: InstanceKey) -> Result<bool> {
        Ok(self.az_failed(self.instance(inst)?.az))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_and_recovering_is_idempotent_and_checked() {
        let mut w = World::new();
        assert_eq!(w.fail_az("us-east-1z").unwrap_err().code, "InvalidParameterValue");
        w.fail_az("us-east-1a").unwrap();
        w.fail_az("us-east-1a").unwrap();
        assert_eq!(w.failed_azs().collect::<Vec<_>>(), ["us-east-1a"]);
        assert!(w.az_failed("us-east-1a") && !w.az_failed("us-east-1b"));
        w.recover_az("us-east-1a").unwrap();
        assert_eq!(w.failed_azs().count(), 0);
        assert_eq!(w.take_events().len(), 2, "one failure, one recovery");
    }
}
