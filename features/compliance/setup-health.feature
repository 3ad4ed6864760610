@compliance @readonly
Feature: Setup health: each setup is still in the state the guide leaves it in

  Read-only checks of existing setups (an RDS instance or Aurora cluster replicating into Materialize), one scenario
  per check, each run on every setup of the inventory (-Drunbook.inventory=FILE; without one, the environment's
  setup on live, and on the sandbox a healthy RDS and a healthy Aurora setup built by walking the guide). Nothing is
  written: upstream sessions are read-only, Materialize only sees SELECT and SHOW, AWS only Describe calls.

  Scenario Outline: <check>: <what>
    Given the setups to check
    Then check "<check>" passes on every setup

    @A1
    Examples: A1 enable logical replication
      | check                   | what                                                                       |
      | A1.parameter-group      | the parameter group sets rds.logical_replication = 1 and is in-sync       |
      | A1.wal-level            | the server runs with wal_level = logical                                   |
      | A1.replication-capacity | room for another replication slot and WAL sender                           |
      | A1.slot-wal-limit       | max_slot_wal_keep_size limits what a slot can retain                       |
      | A1.wal-sender-timeout   | wal_sender_timeout is at least 60 s, or off                                |
      | A1.aurora-engine        | the Aurora cluster can replicate (not Serverless v1, not 16.1)             |

    @A2
    Examples: A2 publication and replication user
      | check                        | what                                                                  |
      | A2.publication               | the publication exists                                                |
      | A2.publication-coverage      | the publication covers every table the source ingests                 |
      | A2.replica-identity          | every published table has REPLICA IDENTITY FULL                       |
      | A2.replication-role          | the replication user is a member of rds_replication                   |
      | A2.privileges                | the replication user may connect, use the schemas and read the tables |
      | A2.replication-user-timeouts | no statement or idle-in-transaction timeout applies to it             |

    @B
    Examples: B network security
      | check            | what                                                                                   |
      | B.security-group | the security group admits Materialize's egress IPs on the port, not everyone           |
      | B.privatelink    | a PrivateLink path is available, allows Materialize and targets the database, healthy  |
      | B.ssh-bastion    | an SSH bastion keeps its Elastic IP, admits the egress IPs, and the database admits it |

    @C2
    Examples: C2 start ingesting data
      | check             | what                                                        |
      | C2.writer-endpoint | the connection points at the Aurora writer endpoint        |
      | C2.ssl-mode        | the connection uses TLS                                     |

    @C3
    Examples: C3 monitor the ingestion
      | check                  | what                                                        |
      | C3.source-running      | the source and all its subsources are running               |
      | C3.snapshot-committed  | the initial snapshot is committed                           |
      | C3.slot-active         | the source's replication slot exists and is active          |
      | C3.slot-lag            | the slot keeps its WAL and lags less than the threshold     |
      | C3.orphaned-slots      | no Materialize slot is left behind without a source         |
      | C3.long-transactions   | no upstream transaction has been open for too long          |

    @C4
    Examples: C4 right-size the cluster
      | check              | what                                           |
      | C4.cluster-replicas | the source's cluster has at least one replica |
