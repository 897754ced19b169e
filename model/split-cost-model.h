// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SPLIT_COST_MODEL_H
#define SAGIN_SPLIT_COST_MODEL_H

#include "device-profile.h"
#include "split-model.h"
#include "split-observation.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The predicted cost of one request at one split point, with its parts; the parts
 *        have the names and meanings of RequestRecord's.
 */
struct SplitCost
{
    uint64_t payloadBytes{0};  //!< encoded features of the request: n × bytes per image
    double tComputeDeviceS{0}; //!< head compute time on the device, in s
    double tTxRequestS{0};     //!< airtime of the request (features and header), in s
    double tTxS{0};            //!< airtime of the request and of the reply, in s
    double tPropS{0};          //!< propagation delay up and back, in s
    double tQueueS{0};         //!< wait for the edge server, in s
    double tComputeServerS{0}; //!< tail compute time on the edge server, in s
    double latencyS{0};        //!< the sum of the five times above (tTxS once), in s
    double energyComputeJ{0};  //!< device energy of the head, in J
    double energyTxJ{0};       //!< device radio energy of sending the request, in J
    double energyServerJ{0};   //!< edge-server energy of the tail, in J
    double energyJ{0};         //!< energyComputeJ + energyTxJ + energyServerJ, in J
};

/**
 * @ingroup sagin
 * @brief Predicts the latency and energy of one request at each split point from the state a
 *        controller observes: the split profiles of the model, the compute profiles of the
 *        devices and of the edge server, and the link.
 *
 * For a request of n images from a device d at split point i, with the observation's uplink
 * rate R (bit/s), one-way propagation delay τ and edge-server backlog Q:
 *
 *     tComputeDevice = n·headMacs[i] / (F_d·u_d)         tQueue = Q
 *     tTxRequest     = k·8·(n·b[i] + h) / R              tProp  = 2·τ
 *     tTx            = tTxRequest + k·8·r / R            tComputeServer = n·tailMacs[i] / (F_s·u_s)
 *     latency        = tComputeDevice + tTx + tProp + tQueue + tComputeServer
 *     energyCompute  = P_d·tComputeDevice                energyTx = p·tTxRequest
 *     energyServer   = P_s·tComputeServer                energy = the sum of the three
 *
 * with F, u and P the peak rate, utilisation and busy power of the device profile of the
 * observation's role (SetDeviceProfile) and of the server profile (SetServerProfile), b[i] the
 * bytes per image of the Codec's encoding at split i (the profile's encodedFp32, encodedFp16 or
 * encodedInt8, header included), h = RequestHeaderBytes, r = ReplyBytes, p = TxPowerW and
 * k = ProtocolOverhead. The reply is assumed to travel at the uplink's rate R; only the
 * request's airtime costs the device radio energy.
 *
 * Workloads count multiply-accumulates as FLOPs, as the published experiment did: the
 * profile's headElementwise and tailElementwise operations (activations, normalisations,
 * residual additions) are not counted. Times are computed in double precision, not rounded to
 * ns-3's Time resolution.
 */
class SplitCostModel : public Object
{
  public:
    /// The feature encoding whose size is sent.
    enum Codec
    {
        FP32 = 0, //!< float32: the profile's encodedFp32
        FP16 = 1, //!< float16: the profile's encodedFp16
        INT8 = 2  //!< int8 with per-channel scales: the profile's encodedInt8
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SplitCostModel();
    ~SplitCostModel() override;

    /**
     * @param profiles one profile per split point, in order (e.g. SplitModel::GetProfile())
     */
    void SetProfiles(std::vector<SplitPointProfile> profiles);

    /// @return the split profiles
    const std::vector<SplitPointProfile>& GetProfiles() const;

    /**
     * @return the number of split points
     * @throws std::invalid_argument when no profiles were set
     */
    uint32_t GetNSplitPoints() const;

    /**
     * @brief Set the compute profile of the devices of a role.
     * @param role "uav", "vehicle" or another role name that observations carry
     * @param profile the profile
     * @throws std::invalid_argument when the role is empty or the profile null
     */
    void SetDeviceProfile(const std::string& role, Ptr<DeviceProfile> profile);

    /**
     * @param role a role
     * @return its profile (default: quadro-p400 for "uav", drive-agx-xavier for "vehicle")
     * @throws std::invalid_argument when the role has no profile
     */
    Ptr<DeviceProfile> GetDeviceProfile(const std::string& role) const;

    /**
     * @param profile the edge server's compute profile
     * @throws std::invalid_argument when null
     */
    void SetServerProfile(Ptr<DeviceProfile> profile);

    /// @return the edge server's profile (default: the built-in edge-server)
    Ptr<DeviceProfile> GetServerProfile() const;

    /**
     * @param split a split point
     * @return the bytes of one image's features at that split point in the Codec's encoding
     * @throws std::invalid_argument when the split point is out of range
     */
    uint64_t GetBytesPerImage(uint32_t split) const;

    /**
     * @brief Predict the cost of a request at a split point.
     * @param observation the state: role, nImages, rateBps, propagationDelayS, serverBacklogS
     * @param split the split point
     * @return the cost and its parts
     * @throws std::invalid_argument when the split point is out of range, the role has no
     *         profile, the rate is not > 0 (NaN included), nImages is 0, or the delay or
     *         backlog is negative or not finite
     */
    SplitCost Predict(const SplitObservation& observation, uint32_t split) const;

  private:
    /**
     * @param what the start of the message
     * @return a std::invalid_argument naming this type
     */
    std::invalid_argument Error(const std::string& what) const;

    std::vector<SplitPointProfile> m_profiles;           //!< one per split point
    std::map<std::string, Ptr<DeviceProfile>> m_devices; //!< device profile per role
    Ptr<DeviceProfile> m_server;                         //!< edge-server profile
    Codec m_codec;                                       //!< encoding whose bytes are sent
    uint64_t m_requestHeaderBytes;                       //!< h, in bytes
    uint64_t m_replyBytes;                               //!< r, in bytes
    double m_txPowerW;                                   //!< p, in W
    double m_protocolOverhead;                           //!< k, ≥ 1
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPLIT_COST_MODEL_H
