// The ACL of the source document (MISSION A1/A2), byte for byte as OTRS exported it. It must import
// unchanged; members of group "twitter" (rw) may use profile 1, nobody else may.

export const SEED_ACL_YAML = `---
- ChangeBy: root@localhost
  ChangeTime: 2020-11-05 10:57:35
  Comment: Twitter access restriction
  ConfigChange:
    PossibleNot:
      Ticket:
        TwitterProfileID:
        - '1'
  ConfigMatch:
    Properties:
      User:
        Group_rw:
        - '[Not]twitter'
  CreateBy: root@localhost
  CreateTime: 2020-11-05 10:55:15
  Description: Restrict the access of members of the group “twitter” to a Twitter
    profile.
  ID: 2
  Name: Limit Access to Twitter Profile
  StopAfterMatch: 0
  ValidID: 1
`;
