//! Everything Convene works out from the whole system map at once: each academy trust's
//! profile and where it stands nationally, the trusts most like each trust, and the index
//! that finds each school's family of similar schools. Built in one pass from a
//! [`SystemInput`] (well under a second for the national data) and rebuilt after every
//! import, so it always matches the data shown.

use crate::coverage::Coverage;
use crate::organisation::{Group, GroupKind, GroupLink, School, Status};
use crate::profile::national::{NationalPicture, Standing};
use crate::profile::TrustProfile;
use crate::similarity::trusts::{similar_trusts, SimilarTrusts, TrustFamily, TrustMethod};
use crate::similarity::{Family, FamilyContext, FamilyFilter, FamilyIndex, FamilyMethod};
use crate::{GroupUid, Urn};
use std::collections::{BTreeMap, HashMap};

/// The system map as the analyses read it.
#[derive(Debug, Clone, Default)]
pub struct SystemInput {
    /// Every school, open or closed.
    pub schools: Vec<School>,
    /// Every group.
    pub groups: Vec<Group>,
    /// Current memberships (schools in groups).
    pub memberships: Vec<GroupLink>,
    /// What families need beyond the schools: pupil premium figures and the sources.
    pub context: FamilyContext,
}

/// The results, ready to answer page and API requests without further work.
#[derive(Debug, Clone)]
pub struct SystemAnalysis {
    profiles: BTreeMap<GroupUid, TrustProfile>,
    national: NationalPicture,
    similar: SimilarTrusts,
    families: FamilyIndex,
    schools: HashMap<Urn, School>,
    trust_of: HashMap<Urn, GroupUid>,
    open_members: HashMap<GroupUid, Vec<Urn>>,
    names: HashMap<GroupUid, String>,
    coverage: Coverage,
}

/// Which groups are profiled and compared: open multi-academy and single-academy trusts
/// with at least one open school. Federations, sponsors and other groups are left out, as
/// they do not run their schools the way trusts do.
pub fn is_profiled(group: &Group) -> bool {
    group.status != Status::Closed
        && matches!(
            group.kind,
            GroupKind::MultiAcademyTrust | GroupKind::SingleAcademyTrust
        )
}

impl SystemAnalysis {
    /// Works everything out with the default methods.
    pub fn build(input: &SystemInput) -> SystemAnalysis {
        SystemAnalysis::build_with(input, &FamilyMethod::default(), &TrustMethod::default())
    }

    /// Works everything out with the given methods.
    pub fn build_with(
        input: &SystemInput,
        family_method: &FamilyMethod,
        trust_method: &TrustMethod,
    ) -> SystemAnalysis {
        let schools: HashMap<Urn, School> =
            input.schools.iter().map(|s| (s.urn, s.clone())).collect();
        let mut members: HashMap<GroupUid, Vec<(School, Option<crate::Date>)>> = HashMap::new();
        let mut trust_of = HashMap::new();
        let profiled: HashMap<GroupUid, &Group> = input
            .groups
            .iter()
            .filter(|g| is_profiled(g))
            .map(|g| (g.uid, g))
            .collect();
        for link in &input.memberships {
            if !profiled.contains_key(&link.group_uid) {
                continue;
            }
            if let Some(school) = schools.get(&link.urn) {
                members
                    .entry(link.group_uid)
                    .or_default()
                    .push((school.clone(), link.joined_date));
                if school.status != Status::Closed {
                    trust_of.insert(link.urn, link.group_uid);
                }
            }
        }
        let mut profiles = BTreeMap::new();
        for (uid, list) in &members {
            let joined: HashMap<Urn, Option<crate::Date>> =
                list.iter().map(|(s, d)| (s.urn, *d)).collect();
            let schools: Vec<School> = list.iter().map(|(s, _)| s.clone()).collect();
            let profile = TrustProfile::from_members(*uid, &schools, |urn| {
                joined.get(&urn).copied().flatten()
            });
            if profile.schools > 0 {
                profiles.insert(*uid, profile);
            }
        }
        let mut open_members: HashMap<GroupUid, Vec<Urn>> = HashMap::new();
        for (urn, uid) in &trust_of {
            open_members.entry(*uid).or_default().push(*urn);
        }
        for urns in open_members.values_mut() {
            urns.sort();
        }
        let all: Vec<TrustProfile> = profiles.values().cloned().collect();
        SystemAnalysis {
            national: NationalPicture::from_profiles(&all),
            similar: similar_trusts(&all, trust_method),
            families: FamilyIndex::build(&input.schools, &input.context, family_method),
            names: input
                .groups
                .iter()
                .map(|g| (g.uid, g.name.clone()))
                .collect(),
            coverage: Coverage::of(input.schools.iter().filter_map(|s| s.location)),
            profiles,
            schools,
            trust_of,
            open_members,
        }
    }

    /// A trust's profile, if it is a profiled trust with open schools.
    pub fn profile(&self, uid: GroupUid) -> Option<&TrustProfile> {
        self.profiles.get(&uid)
    }

    /// Every profile, by Group UID.
    pub fn profiles(&self) -> impl Iterator<Item = &TrustProfile> {
        self.profiles.values()
    }

    /// The national distribution of every dimension.
    pub fn national(&self) -> &NationalPicture {
        &self.national
    }

    /// Where a trust stands on every dimension.
    pub fn standings(&self, uid: GroupUid) -> Option<Vec<Standing>> {
        self.profile(uid).map(|p| self.national.standings(p))
    }

    /// The trusts most like a trust, with the reasons.
    pub fn similar_trusts(&self, uid: GroupUid) -> Option<&TrustFamily> {
        self.similar.families.get(&uid)
    }

    /// How trust similarity was worked out (measures, weights, standardisation).
    pub fn trust_similarity(&self) -> &SimilarTrusts {
        &self.similar
    }

    /// A school's family of similar schools.
    pub fn family(&self, urn: Urn) -> Option<Family> {
        self.families.family(urn)
    }

    /// A school's family with `size` members.
    pub fn family_of_size(&self, urn: Urn, size: usize) -> Option<Family> {
        self.families.family_of_size(urn, size)
    }

    /// A school's family with `size` members drawn only from the schools `filter` keeps
    /// (within a distance, same trust, same LA, same type).
    pub fn family_filtered(&self, urn: Urn, size: usize, filter: &FamilyFilter) -> Option<Family> {
        if !filter.is_active() {
            return self.family_of_size(urn, size);
        }
        let school = self.schools.get(&urn)?;
        let trust = self.trust_of(urn);
        self.families.family_where(urn, size, &|other| {
            self.schools
                .get(&other)
                .is_some_and(|o| filter.accepts(school, trust, o, self.trust_of(other)))
        })
    }

    /// The family index (method and per-phase standardisation).
    pub fn family_index(&self) -> &FamilyIndex {
        &self.families
    }

    /// A school as analysed.
    pub fn school(&self, urn: Urn) -> Option<&School> {
        self.schools.get(&urn)
    }

    /// Every school as analysed.
    pub fn schools(&self) -> impl Iterator<Item = &School> {
        self.schools.values()
    }

    /// The trust an open school currently belongs to.
    pub fn trust_of(&self, urn: Urn) -> Option<GroupUid> {
        self.trust_of.get(&urn).copied()
    }

    /// Where schools are: the base of every map.
    pub fn coverage(&self) -> &Coverage {
        &self.coverage
    }

    /// The open schools a profiled trust currently has, by URN, so a page need not search
    /// every school for them.
    pub fn open_members(&self, uid: GroupUid) -> &[Urn] {
        self.open_members.get(&uid).map_or(&[], Vec::as_slice)
    }

    /// A group's name.
    pub fn group_name(&self, uid: GroupUid) -> Option<&str> {
        self.names.get(&uid).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisation::Phase;

    fn school(urn: i64, pupils: i64, fsm: f64) -> School {
        let mut s = School::new(Urn(urn), format!("School {urn}"));
        s.phase = Phase::Primary;
        s.pupils = Some(pupils);
        s.fsm_percent = Some(fsm);
        s
    }

    fn link(uid: i64, urn: i64) -> GroupLink {
        GroupLink {
            group_uid: GroupUid(uid),
            urn: Urn(urn),
            joined_date: None,
        }
    }

    #[test]
    fn profiles_only_open_trusts_with_open_schools() {
        let mut closed_school = school(4, 100, 10.0);
        closed_school.status = Status::Closed;
        let mut federation = Group::new(GroupUid(3), "Federation", GroupKind::Federation);
        federation.status = Status::Open;
        let input = SystemInput {
            schools: vec![
                school(1, 200, 10.0),
                school(2, 400, 40.0),
                school(3, 300, 20.0),
                closed_school,
            ],
            groups: vec![
                Group::new(GroupUid(1), "Trust One", GroupKind::MultiAcademyTrust),
                Group::new(GroupUid(2), "Trust Two", GroupKind::SingleAcademyTrust),
                federation,
                Group::new(GroupUid(4), "Empty Trust", GroupKind::MultiAcademyTrust),
            ],
            memberships: vec![link(1, 1), link(1, 2), link(2, 3), link(3, 3), link(4, 4)],
            context: FamilyContext::default(),
        };
        let analysis = SystemAnalysis::build(&input);
        assert_eq!(analysis.profile(GroupUid(1)).unwrap().schools, 2);
        assert_eq!(analysis.profile(GroupUid(2)).unwrap().schools, 1);
        assert!(
            analysis.profile(GroupUid(3)).is_none(),
            "federations are not profiled"
        );
        assert!(analysis.profile(GroupUid(4)).is_none(), "no open schools");
        assert_eq!(analysis.trust_of(Urn(3)), Some(GroupUid(2)));
        assert_eq!(analysis.open_members(GroupUid(1)), [Urn(1), Urn(2)]);
        assert!(
            analysis.open_members(GroupUid(4)).is_empty(),
            "its only school is closed"
        );
        assert_eq!(analysis.national().trusts, 2);
        let similar = analysis.similar_trusts(GroupUid(1)).unwrap();
        assert_eq!(similar.neighbours[0].uid, GroupUid(2));
        let family = analysis.family(Urn(1)).unwrap();
        assert!(family.neighbours.iter().all(|n| n.urn != Urn(1)));
        assert_eq!(analysis.group_name(GroupUid(2)), Some("Trust Two"));
    }
}
