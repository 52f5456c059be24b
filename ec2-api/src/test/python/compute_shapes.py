#!/usr/bin/env python3
"""The compute, catalogue and volume actions of the EC2 endpoint with boto3, each answer's XML checked against the
botocore EC2 model (shapes.py) and its parsed values against what was asked: regions, zones, account attributes,
types, images, key pairs, a launch through stop/start/modify/terminate with status and console output, volumes
attached/detached/modified, snapshots, tags and placement groups. Deletes what it made.

Environment: EC2_ENDPOINT_URL, AWS credentials (a read-write key), AWS_DEFAULT_REGION (kr-central-1 when unset).
Run: python3 ec2-api/src/test/python/compute_shapes.py   (exit status 0 when every check passed)
"""
import os
import sys
import urllib.request
import uuid

import boto3

import shapes

ec2 = boto3.session.Session(region_name=os.environ.get("AWS_DEFAULT_REGION", "kr-central-1")).client(
    "ec2", endpoint_url=os.environ["EC2_ENDPOINT_URL"])
ec2.meta.events.register("before-parse.ec2.*", shapes.check_xml)
IMAGE = os.environ.get("LAB_IMAGE_ID", "ami-0a1b2c3d4e5f60003")
checks = 0


def check(cond, what):
    global checks
    if not cond:
        raise AssertionError(what)
    checks += 1


def waiter(name, **kw):
    ec2.get_waiter(name).wait(WaiterConfig={"Delay": 1, "MaxAttempts": 300}, **kw)


def main():
    tag = "shapes-" + uuid.uuid4().hex[:8]
    check(ec2.describe_regions()["Regions"][0]["RegionName"], "DescribeRegions")
    # a presigned URL (SigV4 in the query string) works without any header
    url = ec2.generate_presigned_url("describe_regions", Params={}, ExpiresIn=300, HttpMethod="GET")
    with urllib.request.urlopen(url) as r:
        check(r.status == 200 and b"<regionName>" in r.read(), "a presigned DescribeRegions")
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    check(len(zones) >= 1, "DescribeAvailabilityZones")
    attrs = {a["AttributeName"] for a in ec2.describe_account_attributes()["AccountAttributes"]}
    check("default-vpc" in attrs, "DescribeAccountAttributes default-vpc")
    types = ec2.describe_instance_types(InstanceTypes=["t3.micro"])["InstanceTypes"]
    check(types[0]["VCpuInfo"]["DefaultVCpus"] >= 1, "DescribeInstanceTypes")
    check(ec2.describe_images(ImageIds=[IMAGE])["Images"][0]["ImageId"] == IMAGE, "DescribeImages")

    key = ec2.create_key_pair(KeyName=tag)
    check(key["KeyMaterial"].startswith("-----BEGIN"), "CreateKeyPair")
    check(ec2.describe_key_pairs(KeyNames=[tag])["KeyPairs"][0]["KeyFingerprint"] == key["KeyFingerprint"],
          "DescribeKeyPairs")

    public = ec2.describe_key_pairs(KeyNames=[tag], IncludePublicKey=True)["KeyPairs"][0]["PublicKey"]
    imported = ec2.import_key_pair(KeyName=tag + "-imported", PublicKeyMaterial=public.encode())
    check(imported["KeyName"] == tag + "-imported" and imported["KeyFingerprint"], "ImportKeyPair")
    ec2.delete_key_pair(KeyName=tag + "-imported")
    check(ec2.describe_key_pairs(Filters=[{"Name": "key-name", "Values": [tag + "-imported"]}])["KeyPairs"] == [],
          "DeleteKeyPair")

    run = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.nano", MinCount=1, MaxCount=1, KeyName=tag,
                            Placement={"AvailabilityZone": zones[0]},
                            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "lab", "Value": tag}]}])
    iid = run["Instances"][0]["InstanceId"]
    waiter("instance_running", InstanceIds=[iid])
    i = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
    check(i["State"]["Name"] == "running" and i["KeyName"] == tag, "DescribeInstances")
    check(ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"][0]["InstanceId"] == iid,
          "DescribeInstanceStatus")
    check(ec2.get_console_output(InstanceId=iid)["InstanceId"] == iid, "GetConsoleOutput")
    ec2.reboot_instances(InstanceIds=[iid])
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "team", "Value": "blue"}])
    got = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [iid]}])["Tags"]
    check({(t["Key"], t["Value"]) for t in got} == {("lab", tag), ("team", "blue")}, "DescribeTags")
    ec2.delete_tags(Resources=[iid], Tags=[{"Key": "team"}])

    vol = ec2.create_volume(AvailabilityZone=zones[0], Size=2, VolumeType="gp3")["VolumeId"]
    waiter("volume_available", VolumeIds=[vol])
    att = ec2.attach_volume(VolumeId=vol, InstanceId=iid, Device="/dev/sdf")
    check(att["InstanceId"] == iid, "AttachVolume")
    waiter("volume_in_use", VolumeIds=[vol])
    snap = ec2.create_snapshot(VolumeId=vol, Description=tag)["SnapshotId"]
    waiter("snapshot_completed", SnapshotIds=[snap])
    check(ec2.describe_snapshots(SnapshotIds=[snap])["Snapshots"][0]["VolumeId"] == vol, "DescribeSnapshots")
    ec2.detach_volume(VolumeId=vol)
    waiter("volume_available", VolumeIds=[vol])
    mod = ec2.modify_volume(VolumeId=vol, Size=3)["VolumeModification"]
    check(mod["TargetSize"] == 3, "ModifyVolume")
    got = ec2.describe_volumes_modifications(VolumeIds=[vol])["VolumesModifications"]
    check(got[0]["VolumeId"] == vol, "DescribeVolumesModifications")

    ec2.stop_instances(InstanceIds=[iid])
    waiter("instance_stopped", InstanceIds=[iid])
    ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "t3.micro"})
    got = ec2.describe_instance_attribute(InstanceId=iid, Attribute="instanceType")
    check(got["InstanceType"]["Value"] == "t3.micro", "DescribeInstanceAttribute")
    image = ec2.create_image(InstanceId=iid, Name=tag)["ImageId"]
    waiter("image_available", ImageIds=[image])
    got = ec2.describe_images(Owners=["self"])["Images"]
    check([i["Name"] for i in got if i["ImageId"] == image] == [tag], "CreateImage / DescribeImages Owner self")
    ec2.deregister_image(ImageId=image)
    check(all(i["ImageId"] != image or i["State"] != "available" for i in ec2.describe_images(Owners=["self"])["Images"]),
          "DeregisterImage")
    ec2.start_instances(InstanceIds=[iid])
    waiter("instance_running", InstanceIds=[iid])

    ec2.create_placement_group(GroupName=tag, Strategy="spread")
    check(ec2.describe_placement_groups(GroupNames=[tag])["PlacementGroups"][0]["Strategy"] == "spread",
          "DescribePlacementGroups")
    ec2.delete_placement_group(GroupName=tag)

    ec2.terminate_instances(InstanceIds=[iid])
    waiter("instance_terminated", InstanceIds=[iid])
    ec2.delete_snapshot(SnapshotId=snap)
    ec2.delete_volume(VolumeId=vol)
    ec2.delete_key_pair(KeyName=tag)
    if shapes.problems:
        print("elements the botocore model does not know:", *sorted(set(shapes.problems)), sep="\n  ")
        return 1
    print(f"compute shapes: {checks} checks passed, every answer's elements are in the botocore model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
